/**
 * CodePipeline's CodeBuild actions ({@code Build|Test/AWS/CodeBuild/1}): {@link
 * dev.flowline.actions.build.CodeBuildExecutor} checks the configuration, a {@link
 * dev.flowline.actions.build.CodeBuildBackend} runs the build, either here ({@link
 * dev.flowline.actions.build.LocalCodeBuild}, buildspec version 0.2) or on AWS CodeBuild ({@link
 * dev.flowline.actions.build.AwsCodeBuild}).
 */
package dev.flowline.actions.build;
