/**
 * The only room that talks to Camunda's services: deploys compiled pipelines, starts executions, runs the
 * stage gate, approvals and stop/retry, and the listeners that write the execution records in the engine's
 * own transactions. Everything above it sees plain Flowline types.
 */
package dev.flowline.engine;
