/**
 * Flowline's own HTTP pages: the console at {@code /} and {@code /console/*} (docs/console.md: Thymeleaf pages with
 * htmx on the Camunda webapp session, every button on the same ExecutionService as the API), and the action logs
 * an action execution's externalExecutionUrl points to ({@code /flowline/logs/{actionExecutionId}}, with the
 * session or HTTP Basic).
 */
package dev.flowline.web;
