package dev.flowline.compiler;

import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.KnownActionTypes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configuration keys of an action type whose values are secret (those GetPipeline masks as {@code ****}):
 * the compiler never writes them into BPMN. The same notion as the API's: {@code secret} in the catalogue.
 */
@FunctionalInterface
public interface SecretKeys {

  Set<String> of(ActionTypeId type);

  /** Secret keys as the catalogue declares them, AWS's own types where the catalogue has no entry. */
  static SecretKeys of(ActionTypeCatalog catalog) {
    return type -> secrets(catalog.find(type).or(() -> KnownActionTypes.find(type))
        .map(ActionTypeSpec::configurationProperties).orElse(List.of()));
  }

  /** Secret keys of the action types AWS offers (GitHub's OAuthToken). */
  static SecretKeys known() {
    return type -> secrets(KnownActionTypes.find(type).map(ActionTypeSpec::configurationProperties)
        .orElse(List.of()));
  }

  private static Set<String> secrets(List<ActionTypeSpec.ConfigurationProperty> properties) {
    return properties.stream().filter(ActionTypeSpec.ConfigurationProperty::secret)
        .map(ActionTypeSpec.ConfigurationProperty::name).collect(Collectors.toUnmodifiableSet());
  }
}
