package dev.flowline.compiler;

import static dev.flowline.compiler.Declarations.COMMANDS;
import static dev.flowline.compiler.Declarations.S3_SOURCE;
import static dev.flowline.compiler.Declarations.action;
import static dev.flowline.compiler.Declarations.approval;
import static dev.flowline.compiler.Declarations.pipeline;
import static dev.flowline.compiler.Declarations.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.BeforeEntryConditions;
import dev.flowline.pipeline.Condition;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.RuleDeclaration;
import dev.flowline.pipeline.RuleTypeId;
import dev.flowline.pipeline.StageDeclaration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormField;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compiled shape, element by element, as the engine relies on it (read back from the XML). */
class PipelineCompilerTest {

  private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");

  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());
  private final CompiledPipeline demo = compiler.compile(Declarations.fixture("demo-pipeline"));
  private final BpmnModelInstance model = parse(demo.xml());

  @Test
  @DisplayName("the process is Pipeline_<name>, executable, named after the pipeline, with a history TTL")
  void processKeyNameAndHistoryTimeToLive() {
    Process process = element("Pipeline_demo");
    assertThat(demo.processKey()).isEqualTo("Pipeline_demo").isEqualTo(PipelineCompiler.processKey("demo"));
    assertThat(process.getName()).isEqualTo("demo");
    assertThat(process.isExecutable()).isTrue();
    assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
    assertThat(model.getDefinitions().getId()).isEqualTo("Definitions_Pipeline_demo");
  }

  @Test
  @DisplayName("the start event leads to the first gate, the last stage to End (Succeeded)")
  void startAndEnd() {
    assertThat(this.<FlowNode>element("Start").getName()).isEqualTo("Started");
    assertThat(targets("Start")).containsExactly("Gate_Source");
    assertThat(this.<EndEvent>element("End").getName()).isEqualTo("Succeeded");
    assertThat(targets("Stage_Deploy")).containsExactly("End");
    assertThat(targets("Stage_Source")).containsExactly("Gate_Build");
  }

  @Test
  @DisplayName("given a stage, its gate admits via flowlineStageGate.admit(execution, name), else waits by default")
  void gateAdmitsOrWaits() {
    ExclusiveGateway gate = element("Gate_Build");
    assertThat(gate.getName()).isEqualTo("Enter Build?");
    SequenceFlow enter = element("Flow_Gate_Build_Enter");
    assertThat(enter.getName()).isEqualTo("yes");
    assertThat(enter.getTarget().getId()).isEqualTo("Stage_Build");
    assertThat(enter.getConditionExpression().getTextContent())
        .isEqualTo("${flowlineStageGate.admit(execution, 'Build')}");
    SequenceFlow wait = element("Flow_Gate_Build_Wait");
    assertThat(gate.getDefault()).isSameAs(wait);
    assertThat(wait.getName()).isEqualTo("wait");
    assertThat(wait.getConditionExpression()).isNull();
    assertThat(wait.getTarget().getId()).isEqualTo("Wait_Build");
    assertThat(targets("Wait_Build")).containsExactly("Stage_Build");
    assertThat(this.<SequenceFlow>element("Flow_Wait_Build").getTarget().getId()).isEqualTo("Stage_Build");
  }

  @Test
  @DisplayName("only a stage with entry conditions is entered from its wait event in a job of its own")
  void waitEventOfAStageWithEntryConditionsIsAsyncAfter() {
    RuleDeclaration rule = new RuleDeclaration("Check", new RuleTypeId("Rule", "AWS", "VariableCheck", "1"),
        Map.of("Variable", "#{variables.Env}", "Value", "prod", "Operator", "EQ"), null, null, null, null, null);
    StageDeclaration checked = new StageDeclaration("Deploy", null,
        List.of(action("Run", COMMANDS, 1)), null, null,
        new BeforeEntryConditions(List.of(new Condition("FAIL", List.of(rule)))));
    BpmnModelInstance compiled = parse(compiler.compile(pipeline("conditioned",
        stage("Source", action("Fetch", S3_SOURCE, 1)), checked)).xml());

    IntermediateCatchEvent plain = compiled.getModelElementById("Wait_Source");
    IntermediateCatchEvent conditioned = compiled.getModelElementById("Wait_Deploy");
    assertThat(plain.isCamundaAsyncAfter()).isFalse();
    assertThat(conditioned.isCamundaAsyncAfter()).as("a failed entry condition fails the waiter in its own job")
        .isTrue();
  }

  @Test
  @DisplayName("the wait event catches the message flowline.admit.<stage name> (Message_Admit_<S>)")
  void waitEventCatchesAdmitMessage() {
    IntermediateCatchEvent wait = element("Wait_Build");
    assertThat(wait.getName()).isEqualTo("Waiting for Build");
    assertThat(wait.isCamundaAsyncAfter()).as("an admitted waiter enters the stage in the releasing transaction")
        .isFalse();
    MessageEventDefinition definition = only(wait.getEventDefinitions(), MessageEventDefinition.class);
    assertThat(definition.getMessage().getId()).isEqualTo("Message_Admit_Build");
    assertThat(definition.getMessage().getName()).isEqualTo("flowline.admit.Build");
  }

  @Test
  @DisplayName("a stage is an embedded sub-process named after the stage, entered in the gate's transaction")
  void stageIsSubProcess() {
    SubProcess stage = element("Stage_Build");
    assertThat(stage.getName()).isEqualTo("Build");
    assertThat(stage.isCamundaAsyncBefore()).isFalse();
    assertThat(stage.triggeredByEvent()).isFalse();
    assertThat(targets("Stage_Build_Start")).containsExactly("Action_Build_Compile");
    assertThat(targets("Action_Build_Compile")).containsExactly("Stage_Build_End");
  }

  @Test
  @DisplayName("an action is an external task on topic Category/Owner/Provider/Version, async before and after")
  void actionIsExternalTask() {
    ServiceTask task = element("Action_Build_Compile");
    assertThat(task.getName()).isEqualTo("Compile");
    assertThat(task.getCamundaType()).isEqualTo("external");
    assertThat(task.getCamundaTopic()).isEqualTo("Compute/AWS/Commands/1");
    assertThat(task.isCamundaAsyncBefore()).isTrue();
    assertThat(task.isCamundaAsyncAfter()).isTrue();
    assertThat(this.<ServiceTask>element("Action_Source_Checkout").getCamundaTopic()).isEqualTo("Source/AWS/S3/1");
  }

  @Test
  @DisplayName("actions sharing a runOrder run between Fork_<S>_<n> and Join_<S>_<n>, in declaration order")
  void parallelGroupForksAndJoins() {
    assertThat(targets("Stage_Test_Start")).containsExactly("Fork_Test_1");
    assertThat(targets("Fork_Test_1")).containsExactly("Action_Test_UnitTests", "Action_Test_Lint");
    assertThat(targets("Action_Test_UnitTests")).containsExactly("Join_Test_1");
    assertThat(targets("Action_Test_Lint")).containsExactly("Join_Test_1");
    assertThat(targets("Join_Test_1")).containsExactly("Stage_Test_End");
    ParallelGateway fork = element("Fork_Test_1");
    assertThat(fork.getName()).isNull();
    assertThat(this.<ParallelGateway>element("Join_Test_1").getName()).isNull();
  }

  @Test
  @DisplayName("runOrder groups run in ascending order, whatever the declaration order")
  void runOrderGroupsInSequence() {
    BpmnModelInstance multi = parse(compiler.compile(Declarations.fixture("multi-run-order")).xml());
    assertThat(targets(multi, "Stage_Verify_Start")).containsExactly("Fork_Verify_1");
    assertThat(targets(multi, "Fork_Verify_1"))
        .containsExactly("Action_Verify_UnitTests", "Action_Verify_IntegrationTests", "Action_Verify_SecurityScan");
    assertThat(targets(multi, "Join_Verify_1")).containsExactly("Action_Verify_Package");
    assertThat(targets(multi, "Action_Verify_Package")).containsExactly("Stage_Verify_End");
    assertThat(targets(multi, "Stage_Deploy_Start")).containsExactly("Action_Deploy_Staging");
    assertThat(targets(multi, "Action_Deploy_Staging")).containsExactly("Action_Deploy_Production");
  }

  @Test
  @DisplayName("a manual approval is a user task for the approver group with the approval form")
  void approvalIsUserTaskWithForm() {
    UserTask task = element("Action_Approval_Release");
    assertThat(task.getName()).isEqualTo("Release");
    assertThat(task.getCamundaCandidateGroups()).isEqualTo("flowline-approvers");
    assertThat(task.isCamundaAsyncBefore()).isTrue();
    assertThat(task.isCamundaAsyncAfter()).isTrue();
    List<CamundaFormField> fields = List.copyOf(task.getExtensionElements().getElementsQuery()
        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormData.class).singleResult()
        .getCamundaFormFields());
    assertThat(fields).extracting(CamundaFormField::getCamundaId)
        .containsExactly("approvalCustomData", "approvalLink", "decision", "approvalSummary");
    assertThat(fields).extracting(CamundaFormField::getCamundaLabel)
        .containsExactly("Custom data", "External entity link", "Decision", "Summary");
    assertThat(fields).extracting(CamundaFormField::getCamundaType)
        .containsExactly("string", "string", "enum", "string");
    assertThat(fields).extracting(f -> f.getCamundaValidation() == null ? List.of()
            : f.getCamundaValidation().getCamundaConstraints().stream().map(c -> c.getCamundaName()).toList())
        .containsExactly(List.of("readonly"), List.of("readonly"), List.of("required"), List.of());
    assertThat(fields.get(2).getCamundaValues()).extracting(v -> v.getCamundaId() + "=" + v.getCamundaName())
        .containsExactly("Approve=Approve", "Reject=Reject");
  }

  @Test
  @DisplayName("a rejection (ActionFailed thrown as the approval completes) is caught on the approval into the error end Rejected")
  void rejectionHasItsOwnPath() {
    BoundaryEvent rejection = element("Rejection_Approval_Release");
    assertThat(rejection.getAttachedTo().getId()).isEqualTo("Action_Approval_Release");
    assertThat(rejection.cancelActivity()).isTrue();
    assertThat(only(rejection.getEventDefinitions(), ErrorEventDefinition.class).getError().getErrorCode())
        .isEqualTo("ActionFailed");
    assertThat(targets("Rejection_Approval_Release")).containsExactly("Rejected_Approval_Release");
    EndEvent rejected = element("Rejected_Approval_Release");
    assertThat(rejected.getName()).isEqualTo("Rejected");
    assertThat(only(rejected.getEventDefinitions(), ErrorEventDefinition.class).getError().getId())
        .isEqualTo("Error_ActionFailed");
    // thrown on to the stage, whose boundary fails it as every failed action does
    assertThat(rejected.getParentElement()).isSameAs(element("Stage_Approval"));
    assertThat(targets("Action_Approval_Release")).containsExactly("Stage_Approval_End");
  }

  @Test
  @DisplayName("given no timeoutInMinutes, an approval times out after 7 days into the ActionFailed error end")
  void approvalTimesOutAfterSevenDays() {
    BoundaryEvent timeout = element("Timeout_Approval_Release");
    assertThat(timeout.getAttachedTo().getId()).isEqualTo("Action_Approval_Release");
    assertThat(timeout.cancelActivity()).isTrue();
    assertThat(only(timeout.getEventDefinitions(), TimerEventDefinition.class).getTimeDuration().getTextContent())
        .isEqualTo("P7D");
    assertThat(targets("Timeout_Approval_Release")).containsExactly("TimedOut_Approval_Release");
    EndEvent timedOut = element("TimedOut_Approval_Release");
    assertThat(timedOut.getName()).isEqualTo("Timed out");
    assertThat(only(timedOut.getEventDefinitions(), ErrorEventDefinition.class).getError().getId())
        .isEqualTo("Error_ActionFailed");
  }

  @Test
  @DisplayName("given timeoutInMinutes 90, the approval timer is PT90M")
  void approvalTimeoutInMinutes() {
    CompiledPipeline compiled = compiler.compile(pipeline("p", stage("Source", action("S", S3_SOURCE, 1)),
        stage("Gate", approval("Ok", 90))));
    BoundaryEvent timeout = compiled.model().getModelElementById("Timeout_Gate_Ok");
    assertThat(only(timeout.getEventDefinitions(), TimerEventDefinition.class).getTimeDuration().getTextContent())
        .isEqualTo("PT90M");
  }

  @Test
  @DisplayName("every stage has an ActionFailed error boundary Failed_<S> leading to End_Failed_<S>")
  void everyStageHasFailureBoundary() {
    org.camunda.bpm.model.bpmn.instance.Error error = element("Error_ActionFailed");
    assertThat(error.getErrorCode()).isEqualTo("ActionFailed");
    assertThat(error.getName()).isEqualTo("Action failed");
    for (String stage : List.of("Source", "Build", "Test", "Approval", "Deploy")) {
      BoundaryEvent failed = element("Failed_" + stage);
      assertThat(failed.getName()).isEqualTo("Stage failed");
      assertThat(failed.getAttachedTo().getId()).isEqualTo("Stage_" + stage);
      assertThat(failed.cancelActivity()).isTrue();
      assertThat(only(failed.getEventDefinitions(), ErrorEventDefinition.class).getError()).isSameAs(error);
      assertThat(targets("Failed_" + stage)).containsExactly("End_Failed_" + stage);
      assertThat(this.<EndEvent>element("End_Failed_" + stage).getName()).isEqualTo("Failed");
    }
  }

  @Test
  @DisplayName("the element map names every id the engine addresses, in declaration order")
  void elementMapDescribesEngineElements() {
    assertThat(demo.elements()).containsEntry("Start", new ElementRef(Kind.START, null, null))
        .containsEntry("Gate_Test", new ElementRef(Kind.GATE, "Test", null))
        .containsEntry("Wait_Test", new ElementRef(Kind.WAIT, "Test", null))
        .containsEntry("Stage_Test", new ElementRef(Kind.STAGE, "Test", null))
        .containsEntry("Action_Test_Lint", new ElementRef(Kind.ACTION, "Test", "Lint"))
        .containsEntry("Action_Approval_Release", new ElementRef(Kind.APPROVAL, "Approval", "Release"))
        .containsEntry("Timeout_Approval_Release", new ElementRef(Kind.APPROVAL_TIMEOUT, "Approval", "Release"))
        .containsEntry("Rejection_Approval_Release", new ElementRef(Kind.APPROVAL_REJECTION, "Approval", "Release"))
        .containsEntry("Failed_Test", new ElementRef(Kind.STAGE_FAILED, "Test", null))
        .containsEntry("End_Failed_Test", new ElementRef(Kind.END_FAILED, "Test", null))
        .containsEntry("End", new ElementRef(Kind.END_SUCCEEDED, null, null))
        .hasSize(2 + 5 * 5 + 6 + 2);
    assertThat(demo.elements().keySet()).startsWith("Start", "Gate_Source", "Wait_Source", "Stage_Source",
        "Action_Source_Checkout", "Failed_Source", "End_Failed_Source", "Gate_Build").endsWith("End");
    demo.elements().keySet().forEach(id -> assertThat(model.<ModelElementInstance>getModelElementById(id))
        .as(id).isNotNull());
    assertThat(demo.idOf(Kind.ACTION, "Test", "UnitTests")).isEqualTo("Action_Test_UnitTests");
    assertThatThrownBy(() -> demo.idOf(Kind.ACTION, "Test", "Nope")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("names escape to NCNames: @ -> _at_, others -> _, leading digit gets _")
  void namesEscapeToNcNames() {
    CompiledPipeline compiled = compiler.compile(Declarations.fixture("escaped-names"));
    assertThat(compiled.processKey()).isEqualTo("Pipeline_web-app_at_prod.v2");
    assertThat(compiled.idOf(Kind.STAGE, "1-Source", null)).isEqualTo("Stage__1-Source");
    assertThat(compiled.idOf(Kind.ACTION, "1-Source", "Get sources")).isEqualTo("Action__1-Source_Get_sources");
    assertThat(compiled.idOf(Kind.STAGE, "Build@EU", null)).isEqualTo("Stage_Build_at_EU");
    assertThat(compiled.idOf(Kind.ACTION, "X", "Deploy.Prod")).isEqualTo("Action_X_Deploy.Prod");
    SequenceFlow enter = compiled.model().getModelElementById("Flow_Gate_Build_at_EU_Enter");
    assertThat(enter.getConditionExpression().getTextContent())
        .isEqualTo("${flowlineStageGate.admit(execution, 'Build@EU')}");
    IntermediateCatchEvent wait = compiled.model().getModelElementById("Wait_Build_at_EU");
    assertThat(only(wait.getEventDefinitions(), MessageEventDefinition.class).getMessage().getName())
        .isEqualTo("flowline.admit.Build@EU");
  }

  @Test
  @DisplayName("given names that escape to the same id, later ones get _2 and structural ids give way")
  void collidingIdsAreNumberedInDeclarationOrder() {
    CompiledPipeline compiled = compiler.compile(Declarations.fixture("escaped-names"));
    assertThat(compiled.idOf(Kind.STAGE, "Build_at_EU", null)).isEqualTo("Stage_Build_at_EU_2");
    assertThat(compiled.idOf(Kind.GATE, "Build_at_EU", null)).isEqualTo("Gate_Build_at_EU_2");
    assertThat(compiled.idOf(Kind.ACTION, "Build@EU", "Deploy It")).isEqualTo("Action_Build_at_EU_Deploy_It");
    assertThat(compiled.idOf(Kind.ACTION, "Build@EU", "Deploy_It")).isEqualTo("Action_Build_at_EU_Deploy_It_2");
    assertThat(compiled.idOf(Kind.STAGE, "X_Start", null)).isEqualTo("Stage_X_Start");
    assertThat(targets(compiled.model(), "Stage_X_Start_2")).containsExactly("Action_X_Deploy.Prod");
  }

  @Test
  @DisplayName("a quote in a stage name is escaped inside the gate's JUEL string")
  void quoteInStageNameIsEscapedInExpression() {
    CompiledPipeline compiled = compiler.compile(pipeline("p", stage("Source", action("S", S3_SOURCE, 1)),
        stage("it's \\ done", action("B", COMMANDS, 1))));
    SequenceFlow enter = compiled.model().getModelElementById("Flow_Gate_it_s___done_Enter");
    assertThat(enter.getConditionExpression().getTextContent())
        .isEqualTo("${flowlineStageGate.admit(execution, 'it\\'s \\\\ done')}");
  }

  @Test
  @DisplayName("options set the approver group and the history time to live")
  void optionsAreApplied() {
    CompiledPipeline compiled = new PipelineCompiler(new CompilerOptions("release-managers", "P30D"))
        .compile(Declarations.fixture("demo-pipeline"));
    assertThat(compiled.model().<UserTask>getModelElementById("Action_Approval_Release").getCamundaCandidateGroups())
        .isEqualTo("release-managers");
    assertThat(compiled.model().<Process>getModelElementById("Pipeline_demo").getCamundaHistoryTimeToLiveString())
        .isEqualTo("P30D");
  }

  @Test
  @DisplayName("compiling the same declaration twice gives byte-identical XML")
  void compilationIsDeterministic() {
    PipelineDeclaration declaration = Declarations.fixture("escaped-names");
    assertThat(compiler.compile(declaration).xml()).isEqualTo(compiler.compile(declaration).xml());
    assertThat(new PipelineCompiler(CompilerOptions.defaults()).compile(Declarations.fixture("demo-pipeline")).xml())
        .isEqualTo(demo.xml());
  }

  @Test
  @DisplayName("the XML does not depend on the declaration's version")
  void versionDoesNotChangeXml() {
    PipelineDeclaration declaration = Declarations.fixture("demo-pipeline");
    assertThat(compiler.compile(declaration.withVersion(7)).xml())
        .isEqualTo(compiler.compile(declaration.withVersion(1)).xml());
  }

  @Test
  @DisplayName("every id in the document is unique and none is a generated UUID")
  void idsAreUniqueAndReadable() {
    String xml = compiler.compile(Declarations.wide("wide", 10, 5)).xml();
    List<String> ids = xml.lines().filter(line -> !line.contains("camunda:formField") && !line.contains("camunda:value"))
        .flatMap(line -> ID.matcher(line).results().map(m -> m.group(1))).toList();
    assertThat(ids).hasSizeGreaterThan(500);
    assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*"));
    Bpmn.validateModel(parse(xml));
  }

  @Test
  @DisplayName("the compiled model is valid against the BPMN 2.0 schema")
  void modelValidatesAgainstSchema() {
    Bpmn.validateModel(model);
    Bpmn.validateModel(parse(compiler.compile(Declarations.fixture("escaped-names")).xml()));
    Bpmn.validateModel(parse(compiler.compile(Declarations.fixture("parallel-approvals")).xml()));
  }

  @Test
  @DisplayName("given a declaration without what a process needs, compile refuses it naming the problem")
  void incompleteDeclarationsAreRefused() {
    assertRefused(pipeline("p"), "InvalidStructureException", "Pipeline p has no stages");
    assertRefused(pipeline(null, stage("A", action("a", COMMANDS, 1))), "InvalidStructureException",
        "The pipeline has no name");
    assertRefused(pipeline("p", stage("A", action("a", COMMANDS, 1)), stage("A", action("b", COMMANDS, 1))),
        "InvalidStageDeclarationException", "Stage name 'A' is used more than once");
    assertRefused(pipeline("p", stage("A")), "InvalidStageDeclarationException", "Stage 'A' has no actions");
    assertRefused(pipeline("p", stage("A", action("a", COMMANDS, 1), action("a", COMMANDS, 2))),
        "InvalidActionDeclarationException", "Action name 'a' is used more than once in stage 'A'");
    assertRefused(pipeline("p", stage("A", action("a", new ActionTypeId("Build", "AWS", null, "1"), 1))),
        "InvalidActionDeclarationException",
        "The actionTypeId of action 'a' in stage 'A' needs category, owner, provider and version");
    assertRefused(pipeline("p", stage("A", approval("ok", 0))), "InvalidActionDeclarationException",
        "The timeoutInMinutes of action 'ok' in stage 'A' must be at least 1");
  }

  private void assertRefused(PipelineDeclaration declaration, String errorType, String message) {
    assertThatThrownBy(() -> compiler.compile(declaration))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.errorType()).isEqualTo(errorType);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  private <T extends BaseElement> T element(String id) {
    T element = model.getModelElementById(id);
    assertThat(element).as("element " + id).isNotNull();
    return element;
  }

  private List<String> targets(String id) {
    return targets(model, id);
  }

  private static List<String> targets(BpmnModelInstance model, String id) {
    FlowNode node = model.getModelElementById(id);
    assertThat(node).as("flow node " + id).isNotNull();
    return node.getOutgoing().stream().map(f -> f.getTarget().getId()).toList();
  }

  private static <T> T only(Collection<?> elements, Class<T> type) {
    assertThat(elements).hasSize(1).first().isInstanceOf(type);
    return type.cast(elements.iterator().next());
  }

  static BpmnModelInstance parse(String xml) {
    return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
