package dev.flowline.codecommit;

import dev.flowline.pipeline.CodePipelineException;
import java.util.regex.Pattern;

/** CodeCommit's refusals, under CodeCommit's exception names, and the name rules they enforce. */
final class CodeCommitErrors {
  private static final Pattern REPOSITORY_NAME = Pattern.compile("[\\w.-]{1,100}");

  private CodeCommitErrors() {}

  /**
   * Repository names: 1-100 letters, digits, {@code _ . -}, not {@code .}, {@code ..} or ending in {@code .git}
   * (CodeCommit's rule; the last two also keep names from escaping the git directory).
   */
  static String checkRepositoryName(String name) {
    if (name == null || name.isEmpty()) {
      throw new CodePipelineException("RepositoryNameRequiredException", "A repository name is required, but was not specified.");
    }
    if (!REPOSITORY_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")
        || name.toLowerCase(java.util.Locale.ROOT).endsWith(".git")) {
      throw new CodePipelineException("InvalidRepositoryNameException", "The repository name '" + name + "' is not "
          + "valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and "
          + "dashes between 1 and 100 characters in length, and cannot end in .git. Names are case sensitive.");
    }
    return name;
  }

  /**
   * Descriptions: at most 1000 characters, any Unicode text but control characters other than tab and line
   * breaks (a NUL cannot be stored in the repository's git config, and a terminal or log should never get
   * control sequences from an API caller).
   */
  static String checkRepositoryDescription(String description) {
    if (description == null) {
      return null;
    }
    if (description.length() > 1000) {
      throw new CodePipelineException("InvalidRepositoryDescriptionException",
          "The repository description is not valid: it can be at most 1000 characters long.");
    }
    int control = firstControlCharacter(description);
    if (control >= 0) {
      throw new CodePipelineException("InvalidRepositoryDescriptionException", "The repository description is not "
          + "valid: it contains the control character U+%04X at position %d.".formatted((int) description.charAt(control), control));
    }
    return description;
  }

  /** The index of the first control character other than tab, line feed and carriage return; -1 when none. */
  static int firstControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
    }
    return -1;
  }

  static String checkBranchName(String name) {
    if (name == null || name.isEmpty()) {
      throw new CodePipelineException("BranchNameRequiredException", "A branch name is required, but was not specified.");
    }
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + name)) {
      throw new CodePipelineException("InvalidBranchNameException", "The branch name '" + name + "' is not valid.");
    }
    return name;
  }

  static CodePipelineException repositoryDoesNotExist(String name) {
    return new CodePipelineException("RepositoryDoesNotExistException", name + " does not exist");
  }

  static CodePipelineException repositoryNameExists(String name) {
    return new CodePipelineException("RepositoryNameExistsException", "Repository named " + name + " already exists");
  }

  static CodePipelineException branchDoesNotExist(String repository, String branch) {
    return new CodePipelineException("BranchDoesNotExistException",
        "Branch '" + branch + "' does not exist in repository '" + repository + "'");
  }

  static CodePipelineException invalidContinuationToken() {
    return new CodePipelineException("InvalidContinuationTokenException", "The continuation token is not valid.");
  }
}
