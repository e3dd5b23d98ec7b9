/**
 * Compiles a {@code PipelineDeclaration} to a BPMN process with the Camunda BPMN Model API:
 * deterministic, readable ids and a diagram laid out for Cockpit.
 */
package dev.flowline.compiler;
