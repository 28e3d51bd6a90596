package spec_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// A stage named "Not Available" and without atsCreatedAt is refused, field by
// field, as LinkedIn writes its errors.
func ExampleResource_Validate() {
	for _, e := range spec.Stage.Validate([]byte(`{"stage":"Not Available"}`), false) {
		fmt.Println(e)
	}
	// Output:
	// ERROR :: /atsCreatedAt :: field is required but not found and has no default value
	// ERROR :: /stage :: "Not Available" is not allowed
}
