package finos

import (
	"bytes"
	"encoding/json"
)

// Nullable is an optional request field that may also be sent as JSON null. Leave the field
// nil to leave it out, set it to NullableOf(v) to send v, or to Null[T]() to send null (which
// clears the value on the server).
type Nullable[T any] struct {
	Value T
	// Null sends (or, in an answer, received) JSON null instead of Value.
	Null bool
}

// NullableOf sends v.
func NullableOf[T any](v T) *Nullable[T] { return &Nullable[T]{Value: v} }

// Null sends JSON null.
func Null[T any]() *Nullable[T] { return &Nullable[T]{Null: true} }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON reads null or a value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		var zero T
		n.Value, n.Null = zero, true
		return nil
	}
	n.Null = false
	return json.Unmarshal(data, &n.Value)
}

// hasFields reports whether data (an object, or with array set an array whose first element
// is an object) has every one of names. An empty array has them all. It picks the shape of a
// value the contract allows to be one of several.
func hasFields(data []byte, array bool, names ...string) bool {
	var obj map[string]json.RawMessage
	if array {
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return false
		}
		if len(items) == 0 {
			return true
		}
		if err := json.Unmarshal(items[0], &obj); err != nil {
			return false
		}
	} else if err := json.Unmarshal(data, &obj); err != nil {
		return false
	}
	for _, n := range names {
		if _, ok := obj[n]; !ok {
			return false
		}
	}
	return true
}
