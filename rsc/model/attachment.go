package model

import (
	"io"
	"strings"
)

// FileType is an attachment's file type (fileType).
type FileType string

// File types LinkedIn accepts for resumes: PDF, DOC, DOCX and TXT.
const (
	FileTypePDF  FileType = "PDF"
	FileTypeDOC  FileType = "DOC"
	FileTypeDOCX FileType = "DOCX"
	FileTypeTXT  FileType = "TXT"
)

// Valid reports whether t is one of the file types LinkedIn accepts.
func (t FileType) Valid() bool {
	return t == FileTypePDF || t == FileTypeDOC || t == FileTypeDOCX || t == FileTypeTXT
}

// ContentType is the MIME type of t, as hireMediaUrl's contentType.
func (t FileType) ContentType() string {
	switch t {
	case FileTypePDF:
		return "application/pdf"
	case FileTypeDOC:
		return "application/msword"
	case FileTypeDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "text/plain"
}

// AttachmentKey identifies a resume attached to a job application: on
// rest/attachments the key (externalReferenceEntityId, externalAttachmentId,
// integrationContext, externalReferenceEntityType APPLICATION, attachmentType
// RESUME); on /v2 the id within atsApplications/{key}/resumes.
type AttachmentKey struct {
	Application  ApplicationKey
	AttachmentID string
}

// String returns the application key followed by "attachmentId=<id>".
func (k AttachmentKey) String() string {
	return join(k.Application.String(), pairs("attachmentId", k.AttachmentID))
}

func (k AttachmentKey) check(c *checker) {
	k.Application.check(c, "key.application.")
	old := c.enter("key.", -1)
	c.required("attachmentId", k.AttachmentID)
	c.leave(old)
}

// Validate checks the application key and the attachment id.
func (k AttachmentKey) Validate() error {
	var c checker
	k.check(&c)
	return c.result(k.String)
}

// Attachment is a resume of a job application, synced as an attachment
// (rest/attachments) or uploaded through hireMediaUrl (/v2). Its content
// is never held by the SDK: Open is called once per attempt and the
// content streamed from it.
//
// Assumption: LinkedIn documents the resource and its methods, not its
// fields; these are the fields of LinkedIn's Java SDK model
// (externalFileName, externalCreatedAt, externalLastModifiedAt, fileType,
// contractId, content). PDF, DOC, DOCX and TXT of at most 10 MB, per a
// third-party summary of LinkedIn's upload page; the SDK does not enforce
// the size, which LinkedIn does.
type Attachment struct {
	Key AttachmentKey `json:"-"`
	// FileName is the file's name in the ATS (required).
	FileName string `json:"externalFileName"`
	// FileType is PDF, DOC, DOCX or TXT (required).
	FileType FileType `json:"fileType"`
	// CreatedAt and LastModifiedAt are the file's times in the ATS (required).
	CreatedAt      EpochMillis `json:"externalCreatedAt"`
	LastModifiedAt EpochMillis `json:"externalLastModifiedAt"`
	// Contract is the customer's contract (urn:li:contract:{id}): required by
	// the /v2 upload (hiringContext), sent as contractId on /rest when set.
	Contract URN `json:"contractId,omitempty"`
	// Size is the content's length in bytes when known (0: unknown); the
	// /v2 upload then sends it as Content-Length.
	Size int64 `json:"-"`
	// Open returns the content from its first byte (required). It is called
	// once per attempt and its reader closed after it.
	Open func() (io.ReadCloser, error) `json:"-"`
}

// Validate applies the attachment rules before any request.
func (a Attachment) Validate() error {
	var c checker
	a.Key.check(&c)
	if c.required("externalFileName", a.FileName) {
		c.maxRunes("externalFileName", a.FileName, 255)
	}
	switch {
	case a.FileType == "":
		c.add("fileType", msgRequired)
	case !a.FileType.Valid():
		c.add("fileType", oneOf(FileTypePDF, FileTypeDOC, FileTypeDOCX, FileTypeTXT))
	}
	c.positive("externalCreatedAt", a.CreatedAt)
	c.positive("externalLastModifiedAt", a.LastModifiedAt)
	if a.CreatedAt > 0 && a.LastModifiedAt > 0 && a.LastModifiedAt < a.CreatedAt {
		c.add("externalLastModifiedAt", "must be >= externalCreatedAt")
	}
	c.urn("contractId", a.Contract, URNTypeContract, false)
	if a.Size < 0 {
		c.add("size", msgNotNegative)
	}
	if a.Open == nil {
		c.add("content", "required: Open must return the file's content")
	}
	return c.result(func() string { return a.Key.String() + " " + pairs("externalFileName", strings.TrimSpace(a.FileName)) })
}
