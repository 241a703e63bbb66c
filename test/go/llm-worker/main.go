// A Go support agent on Temporal with no tracing at all, for the history
// exporter's real-server test (test/integration/history-export-go.test.ts):
// the kind of worker a team has when its LLM calls are plain Go activities.
// Its model activity calls an OpenAI-compatible server with openai-go (Chat
// Completions, one function tool); the tool is an activity of its own that
// fails its first attempt. Built and cached by scripts/setup-go-worker.sh.
//
//	go-llm-worker ADDRESS TASK_QUEUE MODEL_BASE_URL WORKFLOW_ID_PREFIX RUNS
//
// Runs RUNS workflows to completion and prints one JSON line per run
// ({"workflowId","runId"}), then the usage its model activity saw in the API
// responses: {"done":true,"modelCalls","promptTokens","completionTokens"}.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Message is one chat message as the workflow keeps it (its own type, so
// history holds plain JSON the team chose, not the SDK's request types).
type Message struct {
	Role       string     `json:"role"`
	Content    string     `json:"content,omitempty"`
	ToolCalls  []ToolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

// ToolCall is a function call the model asked for, in Chat Completions' shape.
type ToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// ModelRequest is the model activity's argument.
type ModelRequest struct {
	Agent    string    `json:"agent"`
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
}

// ModelReply is the model activity's result.
type ModelReply struct {
	Model   string  `json:"model"`
	Message Message `json:"message"`
	Usage   Usage   `json:"usage"`
}

// Usage is the token usage the API reported.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
}

// LookupArgs is the tool's argument, decoded from the model's function call.
type LookupArgs struct {
	OrderID string `json:"order_id"`
}

var lookupTool = openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{
	Name:        "lookup_order",
	Description: openai.String("Looks an order up by its id."),
	Parameters: openai.FunctionParameters{
		"type":                 "object",
		"properties":           map[string]any{"order_id": map[string]any{"type": "string"}},
		"required":             []string{"order_id"},
		"additionalProperties": false,
	},
})

// Models calls the model and counts the usage it reports.
type Models struct {
	client openai.Client
	mu     sync.Mutex
	calls  int
	prompt int64
	output int64
}

// CallModel sends the conversation to the model, offering the lookup tool.
func (m *Models) CallModel(ctx context.Context, req ModelRequest) (ModelReply, error) {
	params := openai.ChatCompletionNewParams{Model: req.Model, Tools: []openai.ChatCompletionToolUnionParam{lookupTool}}
	for _, msg := range req.Messages {
		params.Messages = append(params.Messages, toParam(msg))
	}
	resp, err := m.client.Chat.Completions.New(ctx, params)
	if err != nil {
		return ModelReply{}, err
	}
	if len(resp.Choices) == 0 {
		return ModelReply{}, errors.New("the model answered no choice")
	}
	answer := resp.Choices[0].Message
	reply := ModelReply{
		Model:   resp.Model,
		Message: Message{Role: "assistant", Content: answer.Content},
		Usage:   Usage{PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens},
	}
	for _, tc := range answer.ToolCalls {
		call := ToolCall{ID: tc.ID, Type: "function"}
		call.Function.Name = tc.Function.Name
		call.Function.Arguments = tc.Function.Arguments
		reply.Message.ToolCalls = append(reply.Message.ToolCalls, call)
	}
	m.mu.Lock()
	m.calls++
	m.prompt += reply.Usage.PromptTokens
	m.output += reply.Usage.CompletionTokens
	m.mu.Unlock()
	return reply, nil
}

func toParam(msg Message) openai.ChatCompletionMessageParamUnion {
	switch msg.Role {
	case "system":
		return openai.SystemMessage(msg.Content)
	case "tool":
		return openai.ToolMessage(msg.Content, msg.ToolCallID)
	case "assistant":
		p := openai.ChatCompletionAssistantMessageParam{}
		if msg.Content != "" {
			p.Content.OfString = openai.String(msg.Content)
		}
		for _, tc := range msg.ToolCalls {
			p.ToolCalls = append(p.ToolCalls, openai.ChatCompletionMessageToolCallUnionParam{
				OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
					ID: tc.ID,
					Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{
						Name: tc.Function.Name, Arguments: tc.Function.Arguments,
					},
				},
			})
		}
		return openai.ChatCompletionMessageParamUnion{OfAssistant: &p}
	default:
		return openai.UserMessage(msg.Content)
	}
}

// LookupOrder is the tool. Its first attempt fails, so history shows a retry.
func LookupOrder(ctx context.Context, args LookupArgs) (string, error) {
	if activity.GetInfo(ctx).Attempt == 1 {
		return "", errors.New("order store busy")
	}
	return fmt.Sprintf("order %s: shipped on Monday, arriving Thursday", args.OrderID), nil
}

// SupportWorkflow answers a customer's question, calling the tool when the model asks.
func SupportWorkflow(ctx workflow.Context, question string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 200 * time.Millisecond, MaximumAttempts: 3},
	})
	messages := []Message{
		{Role: "system", Content: "You answer customers' questions about their orders. Look orders up with lookup_order."},
		{Role: "user", Content: question},
	}
	var models *Models // activity methods are referred to by name, the struct stays on the worker
	for turn := 0; turn < 4; turn++ {
		var reply ModelReply
		req := ModelRequest{Agent: "SupportAgent", Model: "gpt-4o-mini", Messages: messages}
		if err := workflow.ExecuteActivity(ctx, models.CallModel, req).Get(ctx, &reply); err != nil {
			return "", err
		}
		messages = append(messages, reply.Message)
		if len(reply.Message.ToolCalls) == 0 {
			return reply.Message.Content, nil
		}
		for _, tc := range reply.Message.ToolCalls {
			var args LookupArgs
			if err := json.Unmarshal([]byte(tc.Function.Arguments), &args); err != nil {
				return "", fmt.Errorf("tool arguments: %w", err)
			}
			var result string
			if err := workflow.ExecuteActivity(ctx, "lookup_order", args).Get(ctx, &result); err != nil {
				return "", err
			}
			messages = append(messages, Message{Role: "tool", ToolCallID: tc.ID, Content: result})
		}
	}
	return "", errors.New("no answer after 4 turns")
}

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: go-llm-worker ADDRESS TASK_QUEUE MODEL_BASE_URL WORKFLOW_ID_PREFIX RUNS")
		os.Exit(2)
	}
	address, taskQueue, modelURL, prefix := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	runs, err := strconv.Atoi(os.Args[5])
	if err != nil || runs < 1 {
		fail(fmt.Errorf("RUNS must be a whole number, got %q", os.Args[5]))
	}
	logger := log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	c, err := client.Dial(client.Options{HostPort: address, Logger: logger})
	if err != nil {
		fail(err)
	}
	defer c.Close()

	models := &Models{client: openai.NewClient(option.WithBaseURL(modelURL), option.WithAPIKey("offline"))}
	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(SupportWorkflow)
	w.RegisterActivity(models.CallModel)
	w.RegisterActivityWithOptions(LookupOrder, activity.RegisterOptions{Name: "lookup_order"})
	if err := w.Start(); err != nil {
		fail(err)
	}
	defer w.Stop()

	out := json.NewEncoder(os.Stdout)
	for i := 0; i < runs; i++ {
		run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
			ID:        fmt.Sprintf("%s-%d", prefix, i),
			TaskQueue: taskQueue,
		}, SupportWorkflow, fmt.Sprintf("Where is my order A-%d?", 100+i))
		if err != nil {
			fail(err)
		}
		var answer string
		if err := run.Get(context.Background(), &answer); err != nil {
			fail(err)
		}
		_ = out.Encode(map[string]string{"workflowId": run.GetID(), "runId": run.GetRunID()})
	}
	models.mu.Lock()
	defer models.mu.Unlock()
	_ = out.Encode(map[string]any{
		"done": true, "modelCalls": models.calls, "promptTokens": models.prompt, "completionTokens": models.output,
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-llm-worker:", err)
	os.Exit(1)
}
