package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.build.Buildspec.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestReportsTest {

  @TempDir Path source;
  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);

  @Test
  @DisplayName("given several report groups and files, then the totals add up every test case")
  void totalsOverGroupsAndFiles() throws Exception {
    write("target/surefire/TEST-a.xml", "<testsuite tests='2'><testcase name='a'/><testcase name='b'><error/></testcase>"
        + "</testsuite>");
    write("target/surefire/TEST-b.xml", "<testsuites><testsuite><testsuite><testcase name='c'/>"
        + "<testcase name='d'><skipped/></testcase></testsuite></testsuite></testsuites>");
    write("lint/report.xml", "<testsuite name='lint' tests='4' failures='1' errors='1' skipped='0'/>");

    Optional<TestReports.Totals> totals = TestReports.collect(Map.of(
        "unit", new Report(List.of("TEST-*.xml"), "target/surefire", false, "JUNITXML"),
        "lint", new Report(List.of("**/*.xml"), "lint", false, "JUNITXML")), source, log);

    assertThat(totals).contains(new TestReports.Totals(4, 3, 1));
  }

  @Test
  @DisplayName("given a report with a DOCTYPE, then it is not read (no external entities) and the build is not failed")
  void doctypeIsRefused() throws Exception {
    Path secret = Files.writeString(source.resolve("secret.txt"), "top secret");
    write("r.xml", "<?xml version='1.0'?><!DOCTYPE t [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>"
        + "<testsuite><testcase name='&x;'/></testsuite>");

    Optional<TestReports.Totals> totals = TestReports.collect(
        Map.of("r", new Report(List.of("r.xml"), null, false, "JUNITXML")), source, log);

    assertThat(totals).contains(new TestReports.Totals(0, 0, 0));
    assertThat(output.toString(StandardCharsets.UTF_8)).contains("Report file r.xml is not readable JUnit XML")
        .doesNotContain("top secret");
  }

  @Test
  @DisplayName("given no matching report files or another format, then there are no totals, only log lines")
  void nothingToCount() throws Exception {
    write("coverage.xml", "<coverage/>");

    Optional<TestReports.Totals> totals = TestReports.collect(Map.of(
        "missing", new Report(List.of("nothing/*.xml"), null, false, "JUNITXML"),
        "coverage", new Report(List.of("coverage.xml"), null, false, "JACOCOXML")), source, log);

    assertThat(totals).isEmpty();
    assertThat(output.toString(StandardCharsets.UTF_8)).contains("Report group missing: no report files match",
        "Report group coverage: file format JACOCOXML is not supported by the local runner");
  }

  private void write(String path, String content) throws Exception {
    Path file = source.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
