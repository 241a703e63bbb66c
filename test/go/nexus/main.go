// Records the event histories of a Go workflow that calls Nexus operations,
// for the history exporter's tests. Against a running dev server with a Nexus
// endpoint, it prints one JSON object
//
//	{"caller": {"events": [...]}, "handler": {"events": [...]}}
//
// where "caller" is the history of CallerWorkflow (task queue go-nexus-caller)
// and "handler" is the history of HandlerWorkflow, the workflow started by the
// asynchronous operation (task queue go-nexus-handler). Each event is protobuf
// JSON (protojson), as in the local-activity recorder.
//
// The caller calls three operations of the service "orders" through the
// endpoint "go-nexus-endpoint": "lookup", a synchronous operation
// (nexus.NewSyncOperation); "fulfil", an asynchronous operation backed by
// HandlerWorkflow (temporalnexus.NewWorkflowRunOperation), which runs one
// activity, Pack; and, after both have completed, "reject", a synchronous
// operation whose handler returns temporal.NewNonRetryableApplicationError, so
// the operation fails. The caller catches that failure and completes.
//
// To re-record (CLI at ~/.cache/temporal-agents-otel/bin/temporal-v1.5.1/):
//
//	temporal server start-dev --headless --ip 127.0.0.1 --port 32853 --http-port 39139
//	temporal operator nexus endpoint create --address 127.0.0.1:32853 \
//	  --name go-nexus-endpoint --target-namespace default --target-task-queue go-nexus-handler
//	cd test/go/nexus && TEMPORAL_ADDRESS=127.0.0.1:32853 go run . \
//	  > ../../fixtures/histories/go-nexus-sdk-1.37.0.json
//
// then stop the server. Nexus is enabled on the dev server by default; the
// HTTP port is where the handler's completion callback is delivered.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/nexus-rpc/sdk-go/nexus"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/temporalnexus"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
)

const (
	endpoint     = "go-nexus-endpoint"
	service      = "orders"
	callerQueue  = "go-nexus-caller"
	handlerQueue = "go-nexus-handler"
	lookupOpName = "lookup"
	fulfilOpName = "fulfil"
	rejectOpName = "reject"
)

type FulfilInput struct {
	// WorkflowID of the handler workflow; chosen by the caller so the recorder can fetch its history.
	WorkflowID string
	OrderID    string
}

func Pack(ctx context.Context, orderID string) (string, error) {
	return "packed " + orderID, nil
}

func HandlerWorkflow(ctx workflow.Context, input FulfilInput) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var packed string
	if err := workflow.ExecuteActivity(ctx, Pack, input.OrderID).Get(ctx, &packed); err != nil {
		return "", err
	}
	return packed + "; shipped", nil
}

var lookupOp = nexus.NewSyncOperation(lookupOpName, func(ctx context.Context, orderID string, opts nexus.StartOperationOptions) (string, error) {
	return "order " + orderID + ": in stock", nil
})

var fulfilOp = temporalnexus.NewWorkflowRunOperation(fulfilOpName, HandlerWorkflow,
	func(ctx context.Context, input FulfilInput, opts nexus.StartOperationOptions) (client.StartWorkflowOptions, error) {
		return client.StartWorkflowOptions{ID: input.WorkflowID}, nil
	})

var rejectOp = nexus.NewSyncOperation(rejectOpName, func(ctx context.Context, orderID string, opts nexus.StartOperationOptions) (string, error) {
	return "", temporal.NewNonRetryableApplicationError("order "+orderID+" is on hold", "OrderOnHold", nil)
})

func CallerWorkflow(ctx workflow.Context, input FulfilInput) (string, error) {
	c := workflow.NewNexusClient(endpoint, service)
	opts := workflow.NexusOperationOptions{ScheduleToCloseTimeout: time.Minute}
	lookup := c.ExecuteOperation(ctx, lookupOpName, input.OrderID, opts)
	fulfil := c.ExecuteOperation(ctx, fulfilOpName, input, opts)
	var stock, shipped string
	if err := lookup.Get(ctx, &stock); err != nil {
		return "", err
	}
	if err := fulfil.Get(ctx, &shipped); err != nil {
		return "", err
	}
	var rejected string
	err := c.ExecuteOperation(ctx, rejectOpName, "13", opts).Get(ctx, &rejected)
	if err == nil {
		return "", temporal.NewNonRetryableApplicationError("reject operation unexpectedly succeeded", "Unexpected", nil)
	}
	return fmt.Sprintf("%s; %s; reject failed: %v", stock, shipped, err), nil
}

func history(c client.Client, id, runID string) []byte {
	iter := c.GetWorkflowHistory(context.Background(), id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	out := []byte(`{"events":[`)
	for first := true; iter.HasNext(); first = false {
		event, err := iter.Next()
		if err != nil {
			panic(err)
		}
		if !first {
			out = append(out, ',')
		}
		b, err := protojson.Marshal(event)
		if err != nil {
			panic(err)
		}
		out = append(out, b...)
	}
	return append(out, "]}"...)
}

func main() {
	// Logs to stderr: stdout is the histories.
	logger := log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	c, err := client.Dial(client.Options{HostPort: os.Getenv("TEMPORAL_ADDRESS"), Logger: logger})
	if err != nil {
		panic(err)
	}
	defer c.Close()

	svc := nexus.NewService(service)
	if err := svc.Register(lookupOp, fulfilOp, rejectOp); err != nil {
		panic(err)
	}
	hw := worker.New(c, handlerQueue, worker.Options{})
	hw.RegisterNexusService(svc)
	hw.RegisterWorkflow(HandlerWorkflow)
	hw.RegisterActivity(Pack)
	if err := hw.Start(); err != nil {
		panic(err)
	}
	defer hw.Stop()
	cw := worker.New(c, callerQueue, worker.Options{})
	cw.RegisterWorkflow(CallerWorkflow)
	if err := cw.Start(); err != nil {
		panic(err)
	}
	defer cw.Stop()

	stamp := time.Now().UnixNano()
	callerID := fmt.Sprintf("go-nexus-caller-%d", stamp)
	input := FulfilInput{WorkflowID: fmt.Sprintf("go-nexus-handler-%d", stamp), OrderID: "12"}
	run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: callerID, TaskQueue: callerQueue}, CallerWorkflow, input)
	if err != nil {
		panic(err)
	}
	var result string
	if err := run.Get(context.Background(), &result); err != nil {
		panic(err)
	}
	fmt.Fprintln(os.Stderr, "caller result:", result)
	// The handler workflow has completed (the caller awaited it); "" is its latest run.
	fmt.Printf("{\"caller\":%s,\"handler\":%s}\n", history(c, callerID, run.GetRunID()), history(c, input.WorkflowID, ""))
}
