// Package ofprovider is the OpenFeature provider for FlagSwitch
// (https://openfeature.dev, github.com/open-feature/go-sdk).
//
// It lives in its own module so that the FlagSwitch SDK itself depends on nothing beyond the
// standard library: only applications that use OpenFeature pull in its SDK.
//
//	client, err := flagswitch.New(ctx, sdkKey, flagswitch.WithBaseURL(baseURL))
//	if err != nil {
//		log.Printf("flagswitch: %v", err)
//	}
//	if err := openfeature.SetProviderAndWait(ofprovider.New(client)); err != nil {
//		log.Printf("flagswitch: %v", err) // the provider still serves what it has
//	}
//	flags := openfeature.NewDefaultClient()
//	on, _ := flags.BooleanValue(ctx, "new-checkout", false, openfeature.NewEvaluationContext("user-42", nil))
package ofprovider

import (
	"context"
	"errors"
	"sync"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	"github.com/open-feature/go-sdk/openfeature"
)

// Provider evaluates OpenFeature flags with a FlagSwitch client. It owns the client: OpenFeature
// shutting the provider down closes it.
type Provider struct {
	client *flagswitch.Client
	events chan openfeature.Event

	mu         sync.Mutex
	stopEvents func()
	forwarding sync.WaitGroup
}

var (
	_ openfeature.FeatureProvider          = (*Provider)(nil)
	_ openfeature.ContextAwareStateHandler = (*Provider)(nil)
	_ openfeature.EventHandler             = (*Provider)(nil)
	_ openfeature.Tracker                  = (*Provider)(nil)
)

// New returns a provider for client.
func New(client *flagswitch.Client) *Provider {
	return &Provider{client: client, events: make(chan openfeature.Event, 16)}
}

// Metadata names the provider.
func (p *Provider) Metadata() openfeature.Metadata {
	return openfeature.Metadata{Name: "FlagSwitch"}
}

// Hooks returns no hooks.
func (p *Provider) Hooks() []openfeature.Hook { return nil }

// Init waits for the client's first document; see InitWithContext.
func (p *Provider) Init(evaluationContext openfeature.EvaluationContext) error {
	return p.InitWithContext(context.Background(), evaluationContext)
}

// InitWithContext waits until the client serves a document and starts reporting flag changes
// as PROVIDER_CONFIGURATION_CHANGED events. A client serving a bootstrap or cached document
// is ready enough; one with no document at all is an error (it still serves defaults).
func (p *Provider) InitWithContext(ctx context.Context, _ openfeature.EvaluationContext) error {
	changes, unsubscribe := p.client.Subscribe()
	status, err := p.client.WaitUntilReady(ctx)
	// The first document's arrival is PROVIDER_READY, which OpenFeature emits itself; only
	// changes after it are configuration changes.
	for drained := false; !drained; {
		select {
		case <-changes:
		default:
			drained = true
		}
	}
	p.startForwardingChanges(changes, unsubscribe)
	switch status {
	case flagswitch.StatusReady, flagswitch.StatusCached, flagswitch.StatusBootstrap:
		return nil
	}
	if err == nil {
		err = errors.New("flagswitch: no flag document")
	}
	return err
}

func (p *Provider) startForwardingChanges(changes <-chan flagswitch.ChangeEvent, unsubscribe func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopEvents != nil {
		unsubscribe() // initialised twice: the first subscription keeps forwarding
		return
	}
	done := make(chan struct{})
	p.stopEvents = func() {
		unsubscribe()
		close(done)
	}
	p.forwarding.Add(1)
	go func() {
		defer p.forwarding.Done()
		for change := range changes {
			event := openfeature.Event{
				ProviderName: "FlagSwitch",
				EventType:    openfeature.ProviderConfigChange,
				ProviderEventDetails: openfeature.ProviderEventDetails{
					Message:     "flag document changed",
					FlagChanges: change.FlagKeys,
				},
			}
			select {
			case p.events <- event:
			case <-done:
				return
			}
		}
	}()
}

// Shutdown closes the client; see ShutdownWithContext.
func (p *Provider) Shutdown() {
	_ = p.ShutdownWithContext(context.Background())
}

// ShutdownWithContext stops reporting changes and closes the client, sending its pending
// events until ctx ends.
func (p *Provider) ShutdownWithContext(ctx context.Context) error {
	p.mu.Lock()
	stop := p.stopEvents
	p.stopEvents = nil
	p.mu.Unlock()
	if stop != nil {
		stop()
		p.forwarding.Wait()
	}
	return p.client.Close(ctx)
}

// EventChannel delivers PROVIDER_CONFIGURATION_CHANGED events naming the changed flags.
func (p *Provider) EventChannel() <-chan openfeature.Event { return p.events }

// Track records a conversion; a non-zero details value is recorded as its value.
func (p *Provider) Track(_ context.Context, eventName string, evaluationContext openfeature.EvaluationContext, details openfeature.TrackingEventDetails) {
	ctx := contextOf(flatten(evaluationContext))
	if value := details.Value(); value != 0 {
		p.client.TrackValue(eventName, ctx, value)
		return
	}
	p.client.Track(eventName, ctx)
}

func flatten(evaluationContext openfeature.EvaluationContext) openfeature.FlattenedContext {
	flat := openfeature.FlattenedContext{}
	for name, value := range evaluationContext.Attributes() {
		flat[name] = value
	}
	if key := evaluationContext.TargetingKey(); key != "" {
		flat[openfeature.TargetingKey] = key
	}
	return flat
}
