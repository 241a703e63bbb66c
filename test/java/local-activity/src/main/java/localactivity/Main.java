// Records the event history of a Java workflow that runs local activities, for
// the history exporter's tests (test/unit/history-trace.test.ts). Against a
// running dev server, it writes the history as JSON (protobuf's JSON, as the
// Go recorder in test/go/local-activity prints it) to the file it is given:
//
//	cd test/java/local-activity && TEMPORAL_ADDRESS=127.0.0.1:7233 mvn -q compile exec:java \
//	  -Dexec.args=../../fixtures/histories/java-local-activity-sdk-1.38.0.json
//
// To a file rather than stdout: Maven 3.8's console writes colour codes into
// stdout even in batch mode. The SDK version is temporal.version in pom.xml;
// the fixture's name carries it.
package localactivity;

import com.google.protobuf.util.JsonFormat;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

public class Main {
  @ActivityInterface
  public interface Orders {
    String lookupOrder(String orderId);

    String greet(String name);
  }

  public static class OrdersImpl implements Orders {
    private final AtomicInteger lookups = new AtomicInteger();

    // Fails its first attempt, so the history shows a retried local activity.
    @Override
    public String lookupOrder(String orderId) {
      if (lookups.incrementAndGet() == 1) throw new IllegalStateException("order store busy");
      return "order " + orderId + ": shipped";
    }

    @Override
    public String greet(String name) {
      return "hello " + name;
    }
  }

  @WorkflowInterface
  public interface OrderWorkflow {
    @WorkflowMethod
    String run(String orderId);
  }

  public static class OrderWorkflowImpl implements OrderWorkflow {
    private final Orders orders =
        Workflow.newLocalActivityStub(
            Orders.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(5))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(100))
                        .setMaximumAttempts(3)
                        .build())
                .build());

    @Override
    public String run(String orderId) {
      String status = orders.lookupOrder(orderId);
      String greeting = orders.greet("ana");
      return greeting + "; " + status;
    }
  }

  public static void main(String[] args) throws Exception {
    String address = System.getenv().getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    String queue = "java-local-activity";
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(queue);
    worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
    worker.registerActivitiesImplementations(new OrdersImpl());
    factory.start();

    String id = "java-local-activity-" + System.nanoTime();
    OrderWorkflow workflow =
        client.newWorkflowStub(
            OrderWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build());
    WorkflowClient.start(workflow::run, "12");
    WorkflowStub.fromTyped(workflow).getResult(String.class);
    String runId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();

    String json =
        JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .print(client.fetchHistory(id, runId).getHistory());
    Files.writeString(Path.of(args[0]), json + "\n");
    factory.shutdownNow();
    service.shutdownNow();
    System.exit(0);
  }
}
