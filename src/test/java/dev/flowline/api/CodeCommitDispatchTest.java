package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** POST / serves CodeCommit next to CodePipeline: the X-Amz-Target prefix picks the service and its signing name. */
@FlowlineTest
class CodeCommitDispatchTest {

  @LocalServerPort
  int port;

  @Autowired
  OperationRegistry codePipelineRegistry;

  @Autowired
  java.util.List<AwsService> services;

  @Test
  @DisplayName("given a CodeCommit target signed for the service codepipeline, then 403: the scope must name codecommit")
  void codeCommitNeedsItsOwnSigningName() {
    HttpResponse<String> response = ApiClients.signedPost(port, "CodeCommit_20150413.ListRepositories",
        "application/x-amz-json-1.1", "{}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("InvalidSignatureException").contains("codecommit");
  }

  @Test
  @DisplayName("given an unknown CodeCommit operation, then UnknownOperationException naming CodeCommit's prefix")
  void unknownCodeCommitOperation() {
    HttpResponse<String> response = ApiClients.signedPost(port, "CodeCommit_20150413.MergeBranchesByRebase",
        "application/x-amz-json-1.1", "{}", "codecommit");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("UnknownOperationException").contains("CodeCommit_20150413.<Operation>");
  }

  @Test
  @DisplayName("given a CodeCommit input with a member its shape lacks, then the CodeCommit model refuses it")
  void codeCommitModelChecksInput() {
    HttpResponse<String> response = ApiClients.signedPost(port, "CodeCommit_20150413.ListRepositories",
        "application/x-amz-json-1.1", "{\"maxResults\": 5}", "codecommit");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("ValidationException").contains("ListRepositoriesInput");
  }

  @Test
  @DisplayName("docs/git-hosting.md lists every CodeCommit operation of the model once, each implemented")
  void codeCommitCoverageTableIsTrue() throws Exception {
    AwsService codeCommit = services.stream().filter(s -> s.model().signingName().equals("codecommit")).findFirst()
        .orElseThrow();
    java.util.Map<String, String> status = new java.util.TreeMap<>();
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| ([A-Z][A-Za-z]+) \\| (supported|partial|not yet) \\|.*");
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/git-hosting.md"))) {
      java.util.regex.Matcher matcher = row.matcher(line);
      if (matcher.matches()) {
        assertThat(status.put(matcher.group(1), matcher.group(2))).as("listed twice: " + matcher.group(1)).isNull();
      }
    }

    assertThat(status.keySet()).isEqualTo(codeCommit.model().operationNames())
        .isEqualTo(codeCommit.registry().implemented()).hasSize(6);
  }

  @Test
  @DisplayName("CodeCommit handlers stay out of CodePipeline's operations")
  void registriesAreSeparate() {
    assertThat(codePipelineRegistry.implemented()).doesNotContain("CreateRepository", "ListBranches")
        .contains("CreatePipeline");
  }
}
