package shapes_test

import (
	"encoding/json"
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// An InMail event as conversationEvents serves it.
func ExampleConversationEvent() {
	b, _ := json.Marshal(shapes.ConversationEvent{ID: "1", Author: "urn:li:seat:7",
		Content: shapes.Content{Mail: shapes.Mail{Subject: "Role", Body: shapes.MailBody{Text: "Interested?"}}}})
	fmt.Println(string(b))
	// Output: {"id":"1","author":"urn:li:seat:7","content":{"mail":{"subject":"Role","body":{"text":"Interested?"}}}}
}
