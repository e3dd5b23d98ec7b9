/**
 * Custom action types (CreateCustomActionType): registered at run time, stored in Flowline's tables, run by
 * remote job workers through the job API rather than by an in-process {@link dev.flowline.actions.ActionExecutor}.
 */
package dev.flowline.actions.custom;
