/**
 * The read model: pipeline, stage and action execution records, GetPipelineState views and history.
 * Plain JDBC on Flowline's own tables; no Camunda.
 */
package dev.flowline.execution;
