/**
 * The AWS JSON 1.1 endpoint: X-Amz-Target dispatch, SigV4 verification, error mapping, one handler per
 * CodePipeline operation.
 */
package dev.flowline.api;
