package main

import (
	"context"
	"fmt"
	"log"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey", finos.WithBaseURL("http://127.0.0.1:8080"))

	kycDocument, err := c.KYC.UploadDocument(ctx, "S-BNTwVDLrlRvHbKVhRa8X", &finos.KYCDocumentUploadParams{
		Name:      "john_doe_driver_license",
		Extension: "pdf",
		Type:      finos.KYCDocumentTypeLicense,
		Notes:     "Uploaded from email customer sent",
		Data:      []byte("%PDF-1.4\n%\xc7\xec\x8f\xa2\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *kycDocument)
}
