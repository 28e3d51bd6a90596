package connect

import (
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func TestMayRead(t *testing.T) {
	t.Parallel()
	seatA, seatB := model.SeatURN("1"), model.SeatURN("2")
	inmail := InMailItem(seatA, model.ConversationEvent{ID: "E1", Author: model.PersonURN("member")})
	note := ProspectNoteItem(model.ProspectNote{ID: "N1", Owner: seatA})
	stub := MailStubItem(model.MailStub{ID: "S1", Owner: seatA})
	owner := User{ATSUserID: "u1", Seat: seatA, SeatActive: true}
	other := User{ATSUserID: "u2", Seat: seatB, SeatActive: true}
	noSeat := User{ATSUserID: "u3"}
	admin := User{ATSUserID: "admin", Admin: true}
	adminWithOtherSeat := User{ATSUserID: "admin2", Admin: true, Seat: seatB, SeatActive: true}
	adminOwner := User{ATSUserID: "admin3", Admin: true, Seat: seatA, SeatActive: true}
	removed := User{ATSUserID: "u1", Seat: seatA, SeatActive: false}

	for _, it := range []Item{inmail, note, stub} {
		for _, tc := range []struct {
			name string
			u    User
			want Access
		}{
			{"owner", owner, AccessContent},
			{"another seat holder", other, AccessMetadata},
			{"user without seat", noSeat, AccessMetadata},
			{"admin", admin, AccessMetadata},
			{"admin holding another seat", adminWithOtherSeat, AccessMetadata},
			{"admin owning the seat", adminOwner, AccessContent},
			{"owner whose seat was removed", removed, AccessMetadata},
			{"anonymous", User{Seat: seatA, SeatActive: true}, AccessNone},
		} {
			if got := MayRead(tc.u, it); got != tc.want {
				t.Errorf("%s on %s: got %v, want %v", tc.name, it.Kind, got, tc.want)
			}
		}
	}
	if inmail.Owner != seatA {
		t.Errorf("InMail owner = %q, want the viewer seat", inmail.Owner)
	}
	if got := MayRead(owner, Item{Kind: KindProspectNote, ID: "N2"}); got != AccessMetadata {
		t.Errorf("note without owner: %v", got)
	}
	if got := MayRead(owner, Item{Kind: "JOB", Owner: seatA}); got != AccessNone {
		t.Errorf("unknown kind: %v", got)
	}
	sent := IntakeMessageItem("", rscsync.Message{ID: "M1", Author: seatA})
	reply := IntakeMessageItem(seatA, rscsync.Message{ID: "M2", Author: model.PersonURN("member")})
	orphan := IntakeMessageItem("", rscsync.Message{ID: "M3", Author: model.PersonURN("member")})
	// The intake records the owner of a reply: no viewer needed.
	owned := IntakeMessageItem("", rscsync.Message{ID: "M4", Author: model.PersonURN("member"), Owner: seatA})
	inote := IntakeNoteItem(rscsync.Note{ID: "N9", Author: seatA, Visible: rscsync.VisibleToSeatHolders})
	for _, it := range []Item{sent, reply, owned, inote} {
		if !MayRead(owner, it).Content() || MayRead(other, it).Content() {
			t.Errorf("intake item %+v: owner/other access wrong", it)
		}
	}
	if MayRead(owner, orphan).Content() {
		t.Error("a reply without a recorded owner is readable")
	}
	if got := MayRead(User{ATSUserID: "u", Seat: model.PersonURN("x"), SeatActive: true}, Item{Kind: KindInMail, Owner: model.PersonURN("x")}); got.Content() {
		t.Error("person URN accepted as seat")
	}
}

// TestAnySeatHolder is JobScore's rule: every user with an active bound seat
// reads content; users without one, and a removed seat, see metadata.
func TestAnySeatHolder(t *testing.T) {
	t.Parallel()
	seatA, seatB := model.SeatURN("1"), model.SeatURN("2")
	note := ProspectNoteItem(model.ProspectNote{ID: "N1", Owner: seatA})
	for _, tc := range []struct {
		name string
		u    User
		want Access
	}{
		{"owner", User{ATSUserID: "u1", Seat: seatA, SeatActive: true}, AccessContent},
		{"another seat holder", User{ATSUserID: "u2", Seat: seatB, SeatActive: true}, AccessContent},
		{"user without seat", User{ATSUserID: "u3"}, AccessMetadata},
		{"admin without seat", User{ATSUserID: "a", Admin: true}, AccessMetadata},
		{"seat removed", User{ATSUserID: "u2", Seat: seatB, SeatActive: false}, AccessMetadata},
		{"anonymous", User{Seat: seatB, SeatActive: true}, AccessNone},
	} {
		if got := AnySeatHolder.MayRead(tc.u, note); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := ReadPolicy(7).MayRead(User{ATSUserID: "u1", Seat: seatA, SeatActive: true}, note); got != AccessNone {
		t.Errorf("unknown policy: %v, want none", got)
	}
}
