package rscmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// stateVersion is the version of the SaveState format.
const stateVersion = 1

// savedState is what SaveState writes: everything LinkedIn would remember.
// Access tokens, injected faults and the base URL are not saved: tokens are
// fetched again, and faults and the URL belong to one running server.
type savedState struct {
	Version  int            `json:"version"`
	Counters map[string]int `json:"counters"`
	// Apps are the child applications (the partner application comes from
	// the server's options).
	Apps      []savedApp      `json:"apps"`
	Customers []savedCustomer `json:"customers"`
	// DefaultOrganization names the customer Default returns ("" for none).
	DefaultOrganization string `json:"defaultOrganization,omitempty"`
	// Entities are the synced records by kind, in key order.
	Entities map[string][]savedEntity `json:"entities"`
	Tasks    []sim.SavedTask          `json:"tasks"`
	Jobs     []savedJob               `json:"jobs"`
	// Members are in the order added.
	Members    []sim.Member        `json:"members"`
	Deliveries []delivery          `json:"deliveries"`
	Unlinked   map[string][]string `json:"unlinked,omitempty"`
}

type savedApp struct {
	ClientID        string   `json:"clientId"`
	Secret          string   `json:"clientSecret"`
	URN             string   `json:"urn"`
	UniqueForeignID string   `json:"uniqueForeignId,omitempty"`
	Name            string   `json:"name,omitempty"`
	Description     string   `json:"description,omitempty"`
	Domains         []string `json:"validJsSdkDomains,omitempty"`
	Callbacks       []string `json:"oauth2AuthorizedCallbackUrls,omitempty"`
	Organization    string   `json:"organization,omitempty"`
	Contract        string   `json:"contract,omitempty"`
	// Day and DayCount are the daily request quota's day and count.
	Day      int64 `json:"day,omitempty"`
	DayCount int   `json:"dayCount,omitempty"`
}

type savedNote struct {
	Note    shapes.ProspectNote `json:"note"`
	Private bool                `json:"private,omitempty"`
}

type savedCustomer struct {
	Name         string                                `json:"name"`
	Organization string                                `json:"organization,omitempty"`
	Contract     string                                `json:"contract,omitempty"`
	App          string                                `json:"app"` // client id
	Seats        []sim.Seat                            `json:"seats"`
	InMails      []shapes.ConversationEvent            `json:"inmails,omitempty"`
	Stubs        []shapes.MailStub                     `json:"stubs,omitempty"`
	Notes        []savedNote                           `json:"notes,omitempty"`
	Exports      map[string][]shapes.ExportedCandidate `json:"exports,omitempty"`
	StatusReqs   map[string][]map[string]string        `json:"statusRequests,omitempty"`
	Purged       []shapes.PurgedExportedCandidate      `json:"purged,omitempty"`
	Exported     map[string][]string                   `json:"exported,omitempty"`
	ExportCount  map[string]int                        `json:"exportCount,omitempty"`
	Requested    []string                              `json:"requested,omitempty"`
}

type savedEntity struct {
	Key  map[string]string          `json:"key"`
	Body map[string]json.RawMessage `json:"body"`
}

type savedJob struct {
	Organization         string          `json:"organization"`
	ExternalJobPostingID string          `json:"externalJobPostingId"`
	Posting              json.RawMessage `json:"posting"`
	URN                  string          `json:"urn"`
	Closed               bool            `json:"closed,omitempty"`
}

// SaveState writes the server's state as JSON: customers and their child
// applications, seats, members, synced records and jobs, InMails, notes,
// stubs, exports, purges, integration states and configurations, and the
// notifications delivered. LoadState reads it back, so a program can stop
// and later talk to the same fake LinkedIn (the quickstart keeps it beside
// its database). Access tokens, injected faults and the base URL are not
// saved.
func (s *Server) SaveState(w io.Writer) error {
	s.world.Lock()
	st := s.snapshotLocked()
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(st)
	s.world.Unlock()
	if err != nil {
		return fmt.Errorf("rscmock: save state: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("rscmock: save state: %w", err)
	}
	return nil
}

// snapshotLocked builds the saved state. Must hold the world's lock (s.world.Lock).
func (s *Server) snapshotLocked() savedState {
	st := savedState{Version: stateVersion, Counters: map[string]int{}, Entities: map[string][]savedEntity{},
		DefaultOrganization: string(s.def.Organization), Deliveries: s.world.Outbox.List()}
	for k, v := range s.world.R.Counters() {
		if k != "request" { // per-run request ids
			st.Counters[k] = v
		}
	}
	for _, a := range s.auth.Apps() {
		if a.Partner {
			continue
		}
		day, dayCount := a.Usage()
		st.Apps = append(st.Apps, savedApp{ClientID: a.ClientID, Secret: a.Secret, URN: a.URN, UniqueForeignID: a.UniqueForeignID,
			Name: a.Name, Description: a.Desc, Domains: a.Domains, Callbacks: a.Callbacks, Organization: a.Org, Contract: a.Contract,
			Day: day, DayCount: dayCount})
	}
	for _, c := range s.world.R.Customers() {
		sc := savedCustomer{Name: c.Name, Organization: c.Org, Contract: c.Contract, App: c.App.ClientID, Seats: c.Seats,
			InMails: c.InMails, Stubs: c.Stubs, Exports: c.Exports, StatusReqs: c.StatusReqs, Purged: c.Purged,
			Exported: c.Exported, ExportCount: c.ExportCount}
		for _, n := range c.Notes {
			sc.Notes = append(sc.Notes, savedNote{Note: n.Note, Private: n.Private})
		}
		for it, on := range c.Requested {
			if on {
				sc.Requested = append(sc.Requested, it)
			}
		}
		slices.Sort(sc.Requested)
		st.Customers = append(st.Customers, sc)
	}
	for _, kind := range s.st.Kinds() {
		for _, e := range s.st.Sorted(kind, func(rkey) bool { return true }) {
			st.Entities[kind] = append(st.Entities[kind], savedEntity{Key: e.Key, Body: e.Body})
		}
	}
	st.Tasks = s.jobs.Tasks()
	for _, j := range s.jobs.List("") {
		st.Jobs = append(st.Jobs, savedJob{Organization: j.Org, ExternalJobPostingID: j.ExternalJobPostingID, Posting: j.Posting, URN: j.URN, Closed: j.Closed})
	}
	sort.Slice(st.Jobs, func(i, j int) bool { return st.Jobs[i].URN < st.Jobs[j].URN })
	st.Members = s.world.R.Members()
	if u := s.world.UnlinkedListLocked(); len(u) > 0 {
		st.Unlinked = u
	}
	return st
}

// LoadState replaces the server's state with one SaveState wrote (see
// there for what it holds). Access tokens issued before are dropped, so
// clients fetch new ones; load the state before handing out clients. On an
// error the server is unchanged.
func (s *Server) LoadState(r io.Reader) error {
	var st savedState
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("rscmock: load state: %w", err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("rscmock: load state: version %d, want %d", st.Version, stateVersion)
	}
	apps := map[string]*app{}
	for _, a := range s.auth.Apps() {
		if a.Partner {
			apps[a.ClientID] = a
		}
	}
	for _, sa := range st.Apps {
		if apps[sa.ClientID] != nil {
			return fmt.Errorf("rscmock: load state: client id %s appears twice or is the partner's", sa.ClientID)
		}
		a := &app{ClientID: sa.ClientID, Secret: sa.Secret, URN: sa.URN, UniqueForeignID: sa.UniqueForeignID, Name: sa.Name,
			Desc: sa.Description, Domains: sa.Domains, Callbacks: sa.Callbacks, Org: sa.Organization, Contract: sa.Contract}
		a.SetUsage(sa.Day, sa.DayCount)
		apps[a.ClientID] = a
	}
	var customers []*customerState
	byContext := map[string]*customerState{}
	var def Customer
	for _, sc := range st.Customers {
		a := apps[sc.App]
		if a == nil || a.Partner {
			return fmt.Errorf("rscmock: load state: customer %q has unknown application %s", sc.Name, sc.App)
		}
		c := sim.NewCustomer(sc.Name, a)
		c.Org, c.Contract = sc.Organization, sc.Contract
		c.Seats, c.InMails, c.Stubs, c.Purged = sc.Seats, sc.InMails, sc.Stubs, sc.Purged
		for _, n := range sc.Notes {
			c.Notes = append(c.Notes, sim.Note{Note: n.Note, Private: n.Private})
		}
		for k, v := range sc.Exports {
			c.Exports[k] = v
		}
		for k, v := range sc.StatusReqs {
			c.StatusReqs[k] = v
		}
		for k, v := range sc.Exported {
			c.Exported[k] = v
		}
		for k, v := range sc.ExportCount {
			c.ExportCount[k] = v
		}
		for _, it := range sc.Requested {
			c.Requested[it] = true
		}
		customers = append(customers, c)
		for _, u := range []string{c.Org, c.Contract} {
			if u != "" {
				byContext[u] = c
			}
		}
		if st.DefaultOrganization != "" && c.Org == st.DefaultOrganization {
			def = publicCustomer(c)
		}
	}
	store := map[string][]entity{}
	for kind, es := range st.Entities {
		for _, e := range es {
			store[kind] = append(store[kind], entity{Key: rkey(e.Key), Body: e.Body})
		}
	}
	var jobs []sim.Job
	for _, j := range st.Jobs {
		var p sim.Posting
		_ = json.Unmarshal(j.Posting, &p)
		c, _ := state.Compact(j.Posting)
		jobs = append(jobs, sim.Job{Org: j.Organization, ExternalJobPostingID: j.ExternalJobPostingID, Posting: json.RawMessage(c),
			Title: p.Title, Location: p.Location, URN: j.URN, Closed: j.Closed})
	}

	s.world.Lock()
	defer s.world.Unlock()
	// Ids come from the counters; the generator only adds random suffixes,
	// so the simulator reseeds it from the restored counters.
	s.world.R.Restore(customers, st.Members, st.Counters)
	s.auth.Replace(slices.Collect(maps.Values(apps)))
	s.def = def
	s.st.Replace(store)
	s.jobs.Restore(jobs, st.Tasks)
	s.world.Outbox.Restore(st.Deliveries)
	s.world.RestoreUnlinkedLocked(st.Unlinked)
	return nil
}
