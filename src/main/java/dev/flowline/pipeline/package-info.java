/**
 * The declaration: records mirroring CodePipeline's {@code PipelineDeclaration}, the JSON/YAML codec and
 * structural validation with AWS's rule texts. Pure Java: no Spring, no Camunda.
 */
package dev.flowline.pipeline;
