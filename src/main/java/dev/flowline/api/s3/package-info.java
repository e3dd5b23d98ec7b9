/**
 * The S3-compatible endpoint over the embedded storage: the local buckets ({@code <data-dir>/s3}) and the local
 * artifact store ({@code <data-dir>/artifacts}) served with S3Proxy's protocol handler and filesystem store, on
 * its own port. Who may do what is decided here ({@link dev.flowline.api.s3.S3Caller}): the API's key pairs by
 * their user's roles, and a job's artifact credentials for that job's artifacts only, while the job runs.
 */
package dev.flowline.api.s3;
