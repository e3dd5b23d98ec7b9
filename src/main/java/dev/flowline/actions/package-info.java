/**
 * The {@link dev.flowline.actions.ActionExecutor} SPI, the registry of executors keyed by action type, and
 * one sub-package per category with the executors themselves. Never imports Camunda.
 */
package dev.flowline.actions;
