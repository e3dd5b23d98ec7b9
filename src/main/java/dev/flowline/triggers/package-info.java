/** What starts executions besides the API: webhooks, pollers, V2 trigger filters, local git push hooks. */
package dev.flowline.triggers;
