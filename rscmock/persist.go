package rscmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
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
	DefaultOrganization model.URN `json:"defaultOrganization,omitempty"`
	// Entities are the synced records by kind, in key order.
	Entities map[string][]savedEntity `json:"entities"`
	Tasks    []savedTask              `json:"tasks"`
	Jobs     []savedJob               `json:"jobs"`
	// Members are in the order added.
	Members    []Member               `json:"members"`
	Deliveries []Delivery             `json:"deliveries"`
	Unlinked   map[string][]model.URN `json:"unlinked,omitempty"`
}

type savedApp struct {
	ClientID        string    `json:"clientId"`
	Secret          string    `json:"clientSecret"`
	URN             model.URN `json:"urn"`
	UniqueForeignID string    `json:"uniqueForeignId,omitempty"`
	Name            string    `json:"name,omitempty"`
	Description     string    `json:"description,omitempty"`
	Domains         []string  `json:"validJsSdkDomains,omitempty"`
	Callbacks       []string  `json:"oauth2AuthorizedCallbackUrls,omitempty"`
	Organization    model.URN `json:"organization,omitempty"`
	Contract        model.URN `json:"contract,omitempty"`
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
	Organization model.URN                             `json:"organization,omitempty"`
	Contract     model.URN                             `json:"contract,omitempty"`
	App          string                                `json:"app"` // client id
	Seats        []Seat                                `json:"seats"`
	InMails      []shapes.ConversationEvent            `json:"inmails,omitempty"`
	Stubs        []shapes.MailStub                     `json:"stubs,omitempty"`
	Notes        []savedNote                           `json:"notes,omitempty"`
	Exports      map[string][]shapes.ExportedCandidate `json:"exports,omitempty"`
	StatusReqs   map[string][]map[string]string        `json:"statusRequests,omitempty"`
	Purged       []shapes.PurgedExportedCandidate      `json:"purged,omitempty"`
	Exported     map[model.URN][]string                `json:"exported,omitempty"`
	ExportCount  map[string]int                        `json:"exportCount,omitempty"`
	Requested    []model.IntegrationType               `json:"requested,omitempty"`
}

type savedEntity struct {
	Key  map[string]string          `json:"key"`
	Body map[string]json.RawMessage `json:"body"`
}

type savedTask struct {
	Task  shapes.JobPostingTask `json:"task"`
	Owner model.URN             `json:"owner"`
}

type savedJob struct {
	Organization         model.URN       `json:"organization"`
	ExternalJobPostingID string          `json:"externalJobPostingId"`
	Posting              json.RawMessage `json:"posting"`
	URN                  model.URN       `json:"urn"`
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
	s.mu.Lock()
	st := s.snapshotLocked()
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(st)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("rscmock: save state: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("rscmock: save state: %w", err)
	}
	return nil
}

// snapshotLocked builds the saved state. Must hold s.mu.
func (s *Server) snapshotLocked() savedState {
	st := savedState{Version: stateVersion, Counters: map[string]int{}, Entities: map[string][]savedEntity{},
		DefaultOrganization: s.def.Organization, Deliveries: slices.Clone(s.callbacks)}
	for k, v := range s.seq {
		if k != "request" { // per-run request ids
			st.Counters[k] = v
		}
	}
	for _, a := range s.auth.Apps() {
		if a.Partner {
			continue
		}
		day, dayCount := a.Usage()
		st.Apps = append(st.Apps, savedApp{ClientID: a.ClientID, Secret: a.Secret, URN: model.URN(a.URN), UniqueForeignID: a.UniqueForeignID,
			Name: a.Name, Description: a.Desc, Domains: a.Domains, Callbacks: a.Callbacks, Organization: model.URN(a.Org), Contract: model.URN(a.Contract),
			Day: day, DayCount: dayCount})
	}
	for _, c := range s.customers {
		sc := savedCustomer{Name: c.name, Organization: c.org, Contract: c.contract, App: c.app.ClientID, Seats: c.seats,
			InMails: c.inmails, Stubs: c.stubs, Exports: c.exports, StatusReqs: c.statusReqs, Purged: c.purged,
			Exported: c.exported, ExportCount: c.exportCount}
		for _, n := range c.notes {
			sc.Notes = append(sc.Notes, savedNote{Note: n.note, Private: n.private})
		}
		for it, on := range c.requested {
			if on {
				sc.Requested = append(sc.Requested, it)
			}
		}
		slices.Sort(sc.Requested)
		st.Customers = append(st.Customers, sc)
	}
	for _, kind := range s.st.Kinds() {
		for _, e := range s.sortedEntities(kind, func(rkey) bool { return true }) {
			st.Entities[kind] = append(st.Entities[kind], savedEntity{Key: e.Key, Body: e.Body})
		}
	}
	for id, t := range s.tasks {
		st.Tasks = append(st.Tasks, savedTask{Task: *t, Owner: s.taskOwner[id]})
	}
	sort.Slice(st.Tasks, func(i, j int) bool { return st.Tasks[i].Task.ID < st.Tasks[j].Task.ID })
	for k, js := range s.jobs {
		org, ext, _ := strings.Cut(k, "\x00")
		st.Jobs = append(st.Jobs, savedJob{Organization: model.URN(org), ExternalJobPostingID: ext, Posting: js.posting, URN: js.urn, Closed: js.closed})
	}
	sort.Slice(st.Jobs, func(i, j int) bool { return st.Jobs[i].URN < st.Jobs[j].URN })
	for _, u := range s.memberSeq {
		st.Members = append(st.Members, *s.members[u])
	}
	for k, m := range s.unlinked {
		for u, on := range m {
			if on {
				if st.Unlinked == nil {
					st.Unlinked = map[string][]model.URN{}
				}
				st.Unlinked[k] = append(st.Unlinked[k], u)
			}
		}
		slices.Sort(st.Unlinked[k])
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
		a := &app{ClientID: sa.ClientID, Secret: sa.Secret, URN: string(sa.URN), UniqueForeignID: sa.UniqueForeignID, Name: sa.Name,
			Desc: sa.Description, Domains: sa.Domains, Callbacks: sa.Callbacks, Org: string(sa.Organization), Contract: string(sa.Contract)}
		a.SetUsage(sa.Day, sa.DayCount)
		apps[a.ClientID] = a
	}
	var customers []*customerState
	byContext := map[model.URN]*customerState{}
	var def Customer
	for _, sc := range st.Customers {
		a := apps[sc.App]
		if a == nil || a.Partner {
			return fmt.Errorf("rscmock: load state: customer %q has unknown application %s", sc.Name, sc.App)
		}
		c := newCustomerState(sc.Name, a)
		c.org, c.contract = sc.Organization, sc.Contract
		c.seats, c.inmails, c.stubs, c.purged = sc.Seats, sc.InMails, sc.Stubs, sc.Purged
		for _, n := range sc.Notes {
			c.notes = append(c.notes, noteState{note: n.Note, private: n.Private})
		}
		for k, v := range sc.Exports {
			c.exports[k] = v
		}
		for k, v := range sc.StatusReqs {
			c.statusReqs[k] = v
		}
		for k, v := range sc.Exported {
			c.exported[k] = v
		}
		for k, v := range sc.ExportCount {
			c.exportCount[k] = v
		}
		for _, it := range sc.Requested {
			c.requested[it] = true
		}
		customers = append(customers, c)
		for _, u := range []model.URN{c.org, c.contract} {
			if u != "" {
				byContext[u] = c
			}
		}
		if st.DefaultOrganization != "" && c.org == st.DefaultOrganization {
			def = c.public()
		}
	}
	store := map[string][]entity{}
	for kind, es := range st.Entities {
		for _, e := range es {
			store[kind] = append(store[kind], entity{Key: rkey(e.Key), Body: e.Body})
		}
	}
	tasks, owners := map[string]*shapes.JobPostingTask{}, map[string]model.URN{}
	for _, t := range st.Tasks {
		task := t.Task
		tasks[task.ID] = &task
		owners[task.ID] = t.Owner
	}
	jobs := map[string]*jobState{}
	for _, j := range st.Jobs {
		js := &jobState{urn: j.URN}
		var f jobFields
		_ = json.Unmarshal(j.Posting, &f)
		js.set(j.Posting, f)
		js.closed = j.Closed
		jobs[string(j.Organization)+"\x00"+j.ExternalJobPostingID] = js
	}
	members := map[model.URN]*Member{}
	var seq []model.URN
	for _, m := range st.Members {
		if members[m.URN] == nil {
			seq = append(seq, m.URN)
		}
		mm := m
		members[m.URN] = &mm
	}
	unlinked := map[string]map[model.URN]bool{}
	for k, us := range st.Unlinked {
		unlinked[k] = map[model.URN]bool{}
		for _, u := range us {
			unlinked[k][u] = true
		}
	}
	counters := map[string]int{}
	mix := s.cfg.seed
	for k, v := range st.Counters {
		counters[k] = v
		mix += uint64(v) * 0x9e3779b97f4a7c15
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq = counters
	// Ids come from the counters; the generator only adds random suffixes,
	// so reseeding it from the restored counters keeps runs deterministic.
	s.rng = rand.New(rand.NewPCG(s.cfg.seed, mix))
	s.auth.Replace(slices.Collect(maps.Values(apps)))
	s.customers, s.byContext, s.def = customers, byContext, def
	s.st.Replace(store)
	s.tasks, s.taskOwner, s.jobs = tasks, owners, jobs
	s.members, s.memberSeq = members, seq
	s.callbacks = st.Deliveries
	s.unlinked = unlinked
	return nil
}
