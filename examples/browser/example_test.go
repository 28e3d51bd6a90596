package browser_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rsckit/rsckit/examples/browser"
	"github.com/rsckit/rsckit/rscmock"
)

// A recruiter exports a member (here through the mock's Go API, as the
// console's Export button does); one sync pass later the ATS has the
// candidate and Recruiter shows the In-ATS indicator.
func ExampleNewEnv() {
	ctx := context.Background()
	env, err := browser.NewEnv(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer env.Close()

	grace := env.Mock.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Email: "grace@navy.example"})
	if _, _, err := env.Mock.Export(ctx, env.Seat.URN, grace.URN, env.Jobs[0].ExternalJobPostingID); err != nil {
		log.Fatal(err)
	}
	if err := env.Runner.SyncOnce(ctx); err != nil {
		log.Fatal(err)
	}
	for _, c := range env.CandidatesOf(grace.URN) {
		fmt.Println(c.FirstName, c.LastName, c.Tags, c.Processes[0].Position)
	}
	ind := env.Mock.InATS(env.Tenant.Organization, grace.URN, env.Seat.URN)
	fmt.Println("In-ATS:", len(ind.Candidates), "candidate,", len(ind.Applications), "application")
	// Output:
	// Grace Hopper [Imported: LinkedIn Recruiter] J1
	// In-ATS: 1 candidate, 1 application
}

// InspectPNG tells a screenshot of a page from a blank one.
func ExampleInspectPNG() {
	blank := whitePNG(40, 30)
	st, err := browser.InspectPNG(blank)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st, "blank:", st.Blank())
	// Output:
	// 40x30, 1 colours, 0.0% non-white blank: true
}
