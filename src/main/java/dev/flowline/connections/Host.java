package dev.flowline.connections;

/**
 * A host: where a GitHubEnterpriseServer or GitLabSelfManaged installation (or any git server standing in for a
 * provider) is reached. Flowline needs no app installed on it, so a host is AVAILABLE when created.
 *
 * @param vpcConfiguration the VpcConfiguration as given (JSON), kept and answered, not acted on
 */
public record Host(String id, String arn, String name, ProviderType providerType, String providerEndpoint,
    String vpcConfiguration, String status) {}
