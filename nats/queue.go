// Package nats is the document queue of the distributed coding pipeline:
// NATS JetStream, reached through nats.go's jetstream client, and an
// embedded nats-server for tests and single-machine use.
//
// Documents travel as JSON on one subject, kept by a work-queue stream;
// workers share one durable pull consumer. A document that cannot be read,
// or that was delivered too often without being stored, is copied to a
// dead-letter stream with the reason in its headers and terminated.
package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"entente"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Header names set on dead letters.
const (
	HeaderReason     = "Entente-Reason"
	HeaderDeliveries = "Entente-Deliveries"
	HeaderSubject    = "Entente-Subject"
)

// Config says where the queue is and how it behaves.
type Config struct {
	URL           string        // nats://host:port, several separated by commas
	Stream        string        // stream holding the documents
	Subject       string        // subject documents are published on
	DeadStream    string        // stream holding dead letters
	DeadSubject   string        // subject dead letters are published on
	Consumer      string        // durable pull consumer the workers share
	Replicas      int           // copies of each stream in a cluster (1, 3 or 5)
	MaxDeliver    int           // deliveries after which a document is dead-lettered
	AckWait       time.Duration // time a worker has to acknowledge a delivery before it is redelivered
	MaxAckPending int           // documents delivered and not yet acknowledged, over all workers (back-pressure)
	Batch         int           // documents fetched at once by a worker
	FetchWait     time.Duration // how long one fetch waits for documents
	PublishWait   time.Duration // how long a publish keeps retrying while the cluster elects a leader
}

// DefaultConfig returns the settings of a single-machine queue.
func DefaultConfig() Config {
	return Config{
		URL:           natsgo.DefaultURL,
		Stream:        "ENTENTE_DOCS",
		Subject:       "entente.docs",
		DeadStream:    "ENTENTE_DEAD",
		DeadSubject:   "entente.dead",
		Consumer:      "entente-workers",
		Replicas:      1,
		MaxDeliver:    5,
		AckWait:       60 * time.Second,
		MaxAckPending: 1024,
		Batch:         64,
		FetchWait:     2 * time.Second,
		PublishWait:   30 * time.Second,
	}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.URL == "":
		return fmt.Errorf("queue: no URL: %w", entente.ErrInvalid)
	case c.Stream == "" || c.Subject == "" || c.DeadStream == "" || c.DeadSubject == "" || c.Consumer == "":
		return fmt.Errorf("queue: stream, subject and consumer names are required: %w", entente.ErrInvalid)
	case c.Subject == c.DeadSubject || c.Stream == c.DeadStream:
		return fmt.Errorf("queue: the dead-letter stream must differ from the document stream: %w", entente.ErrInvalid)
	case c.Replicas < 1 || c.Replicas > 5:
		return fmt.Errorf("queue: replicas %d: want 1 to 5: %w", c.Replicas, entente.ErrInvalid)
	case c.MaxDeliver < 1:
		return fmt.Errorf("queue: max deliveries %d: want at least 1: %w", c.MaxDeliver, entente.ErrInvalid)
	case c.AckWait <= 0 || c.FetchWait <= 0 || c.PublishWait <= 0:
		return fmt.Errorf("queue: waits must be positive: %w", entente.ErrInvalid)
	case c.Batch < 1 || c.MaxAckPending < c.Batch:
		return fmt.Errorf("queue: batch %d and max ack pending %d: want 1 <= batch <= max ack pending: %w", c.Batch, c.MaxAckPending, entente.ErrInvalid)
	}
	return nil
}

// Queue is a connection to the document queue.
type Queue struct {
	cfg  Config
	nc   *natsgo.Conn
	js   jetstream.JetStream
	cons jetstream.Consumer
}

// Connect connects to the servers in cfg.URL and creates the streams and
// the consumer, or updates them to cfg (replicas included).
func Connect(ctx context.Context, cfg Config) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// A worker outlives server restarts and leader changes: it keeps
	// reconnecting instead of giving up after the client's default tries.
	nc, err := natsgo.Connect(cfg.URL, natsgo.Name("entente"), natsgo.MaxReconnects(-1), natsgo.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("queue: connect %s: %w", cfg.URL, err)
	}
	q := &Queue{cfg: cfg, nc: nc}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

// ConnectPublisher connects a publisher (ingest --queue). It creates the
// streams when they do not exist yet, with cfg.Replicas, but leaves
// existing ones as the workers set them: a publisher run with the default
// settings must not shrink a stream replicated three times to one copy.
func ConnectPublisher(ctx context.Context, cfg Config) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	nc, err := natsgo.Connect(cfg.URL, natsgo.Name("entente-publisher"), natsgo.MaxReconnects(-1), natsgo.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("queue: connect %s: %w", cfg.URL, err)
	}
	q := &Queue{cfg: cfg, nc: nc}
	if q.js, err = jetstream.New(nc); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue: jetstream: %w", err)
	}
	for _, sc := range q.streamConfigs() {
		if _, err := retry(ctx, cfg.PublishWait, func() (jetstream.Stream, error) {
			s, err := q.js.Stream(ctx, sc.Name)
			if errors.Is(err, jetstream.ErrStreamNotFound) {
				return q.js.CreateStream(ctx, sc)
			}
			return s, err
		}); err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			nc.Close()
			return nil, fmt.Errorf("queue: stream %s: %w", sc.Name, err)
		}
	}
	return q, nil
}

// streamConfigs returns the document stream's and the dead-letter
// stream's configurations.
func (q *Queue) streamConfigs() []jetstream.StreamConfig {
	// Work-queue retention removes a document once acknowledged, so the
	// stream holds only what is still to be coded. The duplicate window
	// makes publishing the same document twice (a re-run of ingest, or a
	// publish retried across a leader change) a no-op while it lasts; the
	// store's content-hash ids cover the rest.
	return []jetstream.StreamConfig{{
		Name: q.cfg.Stream, Subjects: []string{q.cfg.Subject}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas, Duplicates: 10 * time.Minute,
	}, {
		Name: q.cfg.DeadStream, Subjects: []string{q.cfg.DeadSubject}, Retention: jetstream.LimitsPolicy,
		Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas, Duplicates: 10 * time.Minute,
	}}
}

func (q *Queue) setup(ctx context.Context) error {
	js, err := jetstream.New(q.nc)
	if err != nil {
		return fmt.Errorf("queue: jetstream: %w", err)
	}
	q.js = js
	for _, sc := range q.streamConfigs() {
		if _, err := retry(ctx, q.cfg.PublishWait, func() (jetstream.Stream, error) {
			return js.CreateOrUpdateStream(ctx, sc)
		}); err != nil {
			return fmt.Errorf("queue: stream %s: %w", sc.Name, err)
		}
	}
	return q.setupConsumer(ctx)
}

// setupConsumer creates the workers' consumer, or updates it to q.cfg.
func (q *Queue) setupConsumer(ctx context.Context) error {
	// The server never stops delivering on its own (MaxDeliver unset):
	// the worker dead-letters a document after cfg.MaxDeliver deliveries,
	// so that nothing is dropped without a record.
	cons, err := retry(ctx, q.cfg.PublishWait, func() (jetstream.Consumer, error) {
		return q.js.CreateOrUpdateConsumer(ctx, q.cfg.Stream, jetstream.ConsumerConfig{
			Durable: q.cfg.Consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: q.cfg.AckWait,
			MaxAckPending: q.cfg.MaxAckPending, MaxRequestBatch: q.cfg.Batch, Replicas: q.cfg.Replicas,
		})
	})
	if err != nil {
		return fmt.Errorf("queue: consumer %s: %w", q.cfg.Consumer, err)
	}
	q.cons = cons
	return nil
}

// retry calls f until it succeeds, ctx ends or wait passes: during a
// leader election JetStream answers with timeouts and "no responders".
func retry[T any](ctx context.Context, wait time.Duration, f func() (T, error)) (T, error) {
	deadline := time.Now().Add(wait)
	for {
		v, err := f()
		if err == nil || !transient(err) || time.Now().After(deadline) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, errors.Join(err, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// transient tells errors that a retry may cure from those it will not.
func transient(err error) bool {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		// 503 (no leader yet) and 500-class answers pass with the election;
		// a 400 (bad configuration) does not.
		return apiErr.Code >= 500
	}
	return errors.Is(err, natsgo.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, natsgo.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, natsgo.ErrConnectionReconnecting) || errors.Is(err, natsgo.ErrDisconnected)
}

// Connected says whether the client is connected to a server now.
func (q *Queue) Connected() bool { return q.nc.IsConnected() }

// Close drains nothing: what a worker fetched and did not acknowledge is
// redelivered to another after the acknowledgement wait.
func (q *Queue) Close() { q.nc.Close() }

// Publish puts d on the queue and waits for the stream to store it. The
// document id is the message id, so a second publish of the same text
// within the duplicate window is dropped by the server.
func (q *Queue) Publish(ctx context.Context, d entente.Document) error {
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("queue: publish %s: %w", d.ID, err)
	}
	return q.PublishRaw(ctx, d.ID, b)
}

// PublishRaw puts a payload on the queue as it is, under message id id.
// Tests use it to publish what no reader would produce.
func (q *Queue) PublishRaw(ctx context.Context, id string, payload []byte) error {
	msg := &natsgo.Msg{Subject: q.cfg.Subject, Data: payload, Header: natsgo.Header{}}
	if id != "" {
		msg.Header.Set(jetstream.MsgIDHeader, id)
	}
	if _, err := retry(ctx, q.cfg.PublishWait, func() (*jetstream.PubAck, error) {
		return q.js.PublishMsg(ctx, msg)
	}); err != nil {
		return fmt.Errorf("queue: publish %s: %w", id, err)
	}
	return nil
}

// Delivery is one document handed to a worker.
type Delivery struct {
	msg        jetstream.Msg
	Deliveries uint64 // 1 on the first delivery
}

// Document decodes the delivered document. Its error is what goes into
// the dead letter's reason.
func (d Delivery) Document() (entente.Document, error) {
	var doc entente.Document
	if err := json.Unmarshal(d.msg.Data(), &doc); err != nil {
		return doc, fmt.Errorf("not a JSON document: %w", err)
	}
	return doc, nil
}

// Ack acknowledges the delivery and waits for the server to confirm it,
// so that a worker knows which documents will not come back.
func (d Delivery) Ack(ctx context.Context) error { return d.msg.DoubleAck(ctx) }

// InProgress tells the server the delivery is still being worked on, which
// restarts its acknowledgement wait: a batch that takes long (a busy
// machine, a store another worker holds) is not redelivered meanwhile.
func (d Delivery) InProgress() error { return d.msg.InProgress() }

// Nak asks for a redelivery after delay (the store was unreachable).
func (d Delivery) Nak(delay time.Duration) error { return d.msg.NakWithDelay(delay) }

// Fetch waits up to the fetch wait for at most cfg.Batch documents. An
// empty batch with a nil error means there was nothing to do.
func (q *Queue) Fetch(ctx context.Context) ([]Delivery, error) {
	batch, err := q.cons.Fetch(q.cfg.Batch, jetstream.FetchMaxWait(q.cfg.FetchWait))
	if err != nil {
		return nil, q.fetchFailed(ctx, err)
	}
	var out []Delivery
	for msg := range batch.Messages() {
		n := uint64(1)
		if md, err := msg.Metadata(); err == nil {
			n = md.NumDelivered
		}
		out = append(out, Delivery{msg: msg, Deliveries: n})
	}
	if err := batch.Error(); err != nil && !errors.Is(err, natsgo.ErrTimeout) && len(out) == 0 {
		return nil, q.fetchFailed(ctx, err)
	}
	return out, nil
}

// fetchFailed wraps a fetch error and, when the consumer is gone (its
// servers were lost, or an operator deleted it), creates it again, so
// that the next fetch finds it. Other errors (no responders or timeouts
// while the stream elects a leader, a reconnecting client) pass with
// time; the caller waits and fetches again.
func (q *Queue) fetchFailed(ctx context.Context, err error) error {
	if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
		if serr := q.setupConsumer(ctx); serr != nil {
			return fmt.Errorf("queue: fetch: %w", errors.Join(err, serr))
		}
	}
	return fmt.Errorf("queue: fetch: %w", err)
}

// DeadLetter copies the delivery to the dead-letter stream with reason
// and its delivery count in headers, then terminates it so that it is not
// delivered again. The copy is confirmed before the termination: a crash
// between the two leaves a redelivery, never a loss.
func (q *Queue) DeadLetter(ctx context.Context, d Delivery, reason string) error {
	msg := &natsgo.Msg{Subject: q.cfg.DeadSubject, Data: d.msg.Data(), Header: natsgo.Header{}}
	msg.Header.Set(HeaderReason, reason)
	msg.Header.Set(HeaderDeliveries, strconv.FormatUint(d.Deliveries, 10))
	msg.Header.Set(HeaderSubject, d.msg.Subject())
	if md, err := d.msg.Metadata(); err == nil {
		// The stream sequence names the document even when its payload
		// cannot be read, and makes a repeated dead-lettering a duplicate.
		msg.Header.Set(jetstream.MsgIDHeader, "dead:"+strconv.FormatUint(md.Sequence.Stream, 10))
	}
	if _, err := retry(ctx, q.cfg.PublishWait, func() (*jetstream.PubAck, error) {
		return q.js.PublishMsg(ctx, msg)
	}); err != nil {
		return fmt.Errorf("queue: dead letter: %w", err)
	}
	if err := d.msg.TermWithReason(reason); err != nil {
		return fmt.Errorf("queue: dead letter: terminate: %w", err)
	}
	return nil
}

// Lag is the backlog: documents published and not yet acknowledged or
// dead-lettered. The work-queue stream removes a document when it is
// acknowledged, so its message count is exactly that; the consumer's own
// pending count is updated asynchronously and lags behind publishes.
func (q *Queue) Lag(ctx context.Context) (uint64, error) {
	return q.count(ctx, q.cfg.Stream)
}

func (q *Queue) count(ctx context.Context, stream string) (uint64, error) {
	s, err := q.js.Stream(ctx, stream)
	if err != nil {
		return 0, fmt.Errorf("queue: stream %s: %w", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: stream %s: %w", stream, err)
	}
	return info.State.Msgs, nil
}

// DeadLetters counts the documents in the dead-letter stream.
func (q *Queue) DeadLetters(ctx context.Context) (uint64, error) {
	return q.count(ctx, q.cfg.DeadStream)
}

// Leader names the server leading the document stream (empty without a
// cluster).
func (q *Queue) Leader(ctx context.Context) (string, error) {
	s, err := q.js.Stream(ctx, q.cfg.Stream)
	if err != nil {
		return "", fmt.Errorf("queue: stream: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return "", fmt.Errorf("queue: stream: %w", err)
	}
	if info.Cluster == nil {
		return "", nil
	}
	return info.Cluster.Leader, nil
}
