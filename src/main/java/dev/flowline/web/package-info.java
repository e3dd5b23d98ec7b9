/**
 * Flowline's own HTTP pages: the action logs an action execution's externalExecutionUrl points to
 * ({@code /flowline/logs/{actionExecutionId}}, behind the same authentication as /engine-rest).
 */
package dev.flowline.web;
