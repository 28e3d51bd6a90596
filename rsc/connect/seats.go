package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// Binding links an ATS user to their LinkedIn member and, when they hold
// one, their Recruiter seat on a contract. The host stores it per tenant
// (its JSON form has no secrets) and uses it to attribute InMails, notes and
// stubs (MayRead) and as the person URN of ACL assignees.
type Binding struct {
	ATSUserID string    `json:"atsUserId"`
	Person    model.URN `json:"person"`
	FirstName string    `json:"firstName,omitempty"`
	LastName  string    `json:"lastName,omitempty"`
	Contract  model.URN `json:"contract,omitempty"`
	// Seat is the member's seat on Contract; zero when they hold none (they
	// can still be an ACL assignee, but own no InMails or notes).
	Seat model.URN `json:"seat,omitempty"`
	// SeatActive is the seat's state when last read.
	SeatActive bool `json:"seatActive,omitempty"`
}

// HasSeat reports whether the binding has an active seat.
func (b Binding) HasSeat() bool { return !b.Seat.IsZero() && b.SeatActive }

// User is the access-control view of the binding.
func (b Binding) User(admin bool) User {
	return User{ATSUserID: b.ATSUserID, Admin: admin, Seat: b.Seat, SeatActive: b.SeatActive}
}

// FindSeat binds the signed-in member (Binder.Finish) to the ATS user and
// looks the member up among the contract's seats with rsc's Seats service
// (seatsV2, finder "attributes"), matching by person URN as LinkedIn's
// seat-holder page says. If the member holds several seats, an active one
// wins. A member without a seat gives a Binding without Seat and no error.
func FindSeat(ctx context.Context, c *rsc.Client, contract model.URN, atsUserID string, id Identity) (Binding, error) {
	if atsUserID == "" {
		return Binding{}, errors.New("connect: FindSeat needs the ATS user id")
	}
	if !id.Person.IsType(model.URNTypePerson) {
		return Binding{}, fmt.Errorf("connect: FindSeat: %q is not a person URN", id.Person)
	}
	if !contract.IsType(model.URNTypeContract) {
		return Binding{}, fmt.Errorf("connect: FindSeat: %q is not a contract URN", contract)
	}
	b := Binding{ATSUserID: atsUserID, Person: id.Person, FirstName: id.FirstName, LastName: id.LastName, Contract: contract}
	for s, err := range c.Seats.All(ctx, rsc.SeatListOptions{Contracts: []model.URN{contract}}) {
		if err != nil {
			return Binding{}, fmt.Errorf("connect: list seats of %s: %w", contract, err)
		}
		if s.Member != id.Person || (b.SeatActive && !s.Active) {
			continue
		}
		b.Seat, b.SeatActive = s.URN, s.Active
	}
	return b, nil
}

// SeatHolder is a seat with its holder's name and email, for an admin who
// connects users by name (SmartRecruiters' "Connect Users").
type SeatHolder struct {
	Seat      model.Seat
	FirstName string
	LastName  string
	Email     string
}

// Name is "First Last", or the seat URN when LinkedIn gave no name.
func (h SeatHolder) Name() string {
	if n := strings.TrimSpace(h.FirstName + " " + h.LastName); n != "" {
		return n
	}
	return string(h.Seat.URN)
}

// Bind returns the binding an admin makes by choosing this seat holder for
// an ATS user.
func (h SeatHolder) Bind(atsUserID string) Binding {
	return Binding{ATSUserID: atsUserID, Person: h.Seat.Member, FirstName: h.FirstName, LastName: h.LastName,
		Contract: h.Seat.Contract, Seat: h.Seat.URN, SeatActive: h.Seat.Active}
}

// SeatHolders lists the contract's seats with the holders' names and emails
// where LinkedIn returns them.
//
// Assumption: the seatsV2 response fields beyond "id" are unpublished (notes
// L8); names are read from "firstName"/"lastName" (or "localizedFirstName"/
// "localizedLastName", or "name"), the email from "email"/"emailAddress",
// at the top level or inside a "seatHolder"/"member"/"profile" object.
// Missing fields stay empty.
func SeatHolders(ctx context.Context, c *rsc.Client, contract model.URN) ([]SeatHolder, error) {
	if !contract.IsType(model.URNTypeContract) {
		return nil, fmt.Errorf("connect: SeatHolders: %q is not a contract URN", contract)
	}
	var out []SeatHolder
	for s, err := range c.Seats.All(ctx, rsc.SeatListOptions{Contracts: []model.URN{contract}}) {
		if err != nil {
			return nil, fmt.Errorf("connect: list seats of %s: %w", contract, err)
		}
		h := SeatHolder{Seat: s}
		if s.Contract.IsZero() {
			h.Seat.Contract = contract
		}
		h.FirstName, h.LastName, h.Email = holderFields(s.Raw)
		out = append(out, h)
	}
	return out, nil
}

func holderFields(raw json.RawMessage) (first, last, email string) {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return "", "", ""
	}
	objs := []map[string]json.RawMessage{top}
	for _, k := range []string{"seatHolder", "member", "profile"} {
		var m map[string]json.RawMessage
		if v, ok := top[k]; ok && json.Unmarshal(v, &m) == nil {
			objs = append(objs, m)
		}
	}
	str := func(names ...string) string {
		for _, o := range objs {
			for _, n := range names {
				var s string
				if v, ok := o[n]; ok && json.Unmarshal(v, &s) == nil && s != "" {
					return clip(s, 200)
				}
			}
		}
		return ""
	}
	first, last = str("firstName", "localizedFirstName"), str("lastName", "localizedLastName")
	if first == "" && last == "" {
		if n := str("name", "fullName"); n != "" {
			first, last, _ = strings.Cut(n, " ")
		}
	}
	return first, last, str("email", "emailAddress")
}
