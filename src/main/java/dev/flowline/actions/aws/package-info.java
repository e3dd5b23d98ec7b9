/** What every AWS provider shares: where its calls go (region, role, endpoint) and how SDK errors read. */
package dev.flowline.actions.aws;
