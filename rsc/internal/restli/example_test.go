package restli_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rsc/internal/restli"
)

// An RSC candidate key as a BATCH_UPDATE query and body key in both protocols.
func Example() {
	key := restli.CompoundKey(
		restli.Field{Name: "atsCandidateId", Value: "cand-000042"},
		restli.Field{Name: "dataProvider", Value: "ATS"},
		restli.Field{Name: "integrationContext", Value: "urn:li:organization:123"},
	)
	var q restli.Query
	q.SetIDs([]restli.Key{key})
	for _, p := range []restli.Protocol{restli.Protocol1, restli.Protocol2} {
		fmt.Println(p.HeaderValue())
		fmt.Println("  query:", q.Encode(p))
		fmt.Println("  body: ", restli.EncodeEntityKey(p, key))
	}

	// A server reads the ids back, whatever the field order of the body key.
	ids, _ := restli.ParseIDs(restli.Protocol1, q.Encode(restli.Protocol1))
	bodyKey, _ := restli.ParseEntityKey(restli.Protocol1,
		"dataProvider=ATS&integrationContext=urn:li:organization:123&atsCandidateId=cand-000042")
	fmt.Println(ids[0].Equal(bodyKey))
	// Output:
	// 1.0.0
	//   query: ids%5B0%5D.atsCandidateId=cand-000042&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123
	//   body:  atsCandidateId=cand-000042&dataProvider=ATS&integrationContext=urn:li:organization:123
	// 2.0.0
	//   query: ids=List((atsCandidateId:cand-000042,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123))
	//   body:  (atsCandidateId:cand-000042,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)
	// true
}

// Tunneling a BATCH_GET whose query is too long for LinkedIn.
func ExampleTunnel() {
	var q restli.Query
	q.SetIDs([]restli.Key{restli.SimpleKey("urn:li:task:1")})
	contentType, body := restli.Tunnel("GET", q.Encode(restli.Protocol2), nil)
	fmt.Println(contentType)
	fmt.Println(string(body))
	// Output:
	// application/x-www-form-urlencoded
	// ids=List(urn%3Ali%3Atask%3A1)
}
