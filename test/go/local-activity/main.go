// Records the event history of a Go workflow that runs local activities, for
// the history exporter's tests (test/unit/history-trace.test.ts). Against a
// running dev server, it prints the history as JSON:
//
//	cd test/go/local-activity && TEMPORAL_ADDRESS=127.0.0.1:7233 go run . \
//	  > ../../fixtures/histories/go-local-activity-sdk-1.37.0.json
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
)

var lookups = 0

// LookupOrder fails its first attempt, so the history shows a retried local activity.
func LookupOrder(ctx context.Context, orderID string) (string, error) {
	lookups++
	if lookups == 1 {
		return "", errors.New("order store busy")
	}
	return fmt.Sprintf("order %s: shipped", orderID), nil
}

func Greet(ctx context.Context, name string) (string, error) {
	return "hello " + name, nil
}

func OrderWorkflow(ctx workflow.Context, orderID string) (string, error) {
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 5 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: 3},
	})
	var status string
	if err := workflow.ExecuteLocalActivity(ctx, LookupOrder, orderID).Get(ctx, &status); err != nil {
		return "", err
	}
	var greeting string
	if err := workflow.ExecuteLocalActivity(ctx, Greet, "ana").Get(ctx, &greeting); err != nil {
		return "", err
	}
	return greeting + "; " + status, nil
}

func main() {
	// Logs to stderr: stdout is the history.
	logger := log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	c, err := client.Dial(client.Options{HostPort: os.Getenv("TEMPORAL_ADDRESS"), Logger: logger})
	if err != nil {
		panic(err)
	}
	defer c.Close()
	queue := "go-local-activity"
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflow(OrderWorkflow)
	w.RegisterActivity(LookupOrder)
	w.RegisterActivity(Greet)
	if err := w.Start(); err != nil {
		panic(err)
	}
	defer w.Stop()
	id := fmt.Sprintf("go-local-activity-%d", time.Now().UnixNano())
	run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: queue}, OrderWorkflow, "12")
	if err != nil {
		panic(err)
	}
	var out string
	if err := run.Get(context.Background(), &out); err != nil {
		panic(err)
	}
	iter := c.GetWorkflowHistory(context.Background(), id, run.GetRunID(), false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	fmt.Print(`{"events":[`)
	for first := true; iter.HasNext(); first = false {
		event, err := iter.Next()
		if err != nil {
			panic(err)
		}
		if !first {
			fmt.Print(",")
		}
		b, _ := protojson.Marshal(event)
		fmt.Print(string(b))
	}
	fmt.Println("]}")
}
