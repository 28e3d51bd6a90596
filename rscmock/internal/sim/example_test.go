package sim_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// Example seats a member on a customer's contract and sends an InMail from
// the seat, as a Recruiter user would.
func Example() {
	r := sim.NewRecruiter(1)
	c := r.Bind(&auth.App{ClientID: "child", Org: "urn:li:organization:1", Contract: "urn:li:contract:2"})
	seat := r.AddSeat(c, r.AddMember(sim.Member{FirstName: "Grace"}), 1700000000000)
	ada := r.AddMember(sim.Member{FirstName: "Ada", LastName: "Lovelace"})
	ev, err := r.SendInMail(seat.URN, ada.URN, "Hello", "A role for you", 1700000001000)
	fmt.Println(seat.URN, seat.Holder.FirstName, err)
	fmt.Println(ev.Author == seat.URN, ev.Recipients[0] == ada.URN, len(c.InMails))
	// Output:
	// urn:li:seat:5001 Grace <nil>
	// true true 1
}
