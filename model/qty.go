package model

import "strings"

// MaxQty is the largest quantity one order line, shipment or stock
// adjustment may carry.
const MaxQty = 10_000_000

// ParseQty reads a quantity typed in a form or imported from a file: a whole
// number from 1 to MaxQty, ASCII or full-width digits (１２ is 12), spaces
// around it ignored. Signs, decimals, thousands separators and scientific
// notation ("1e9") are refused. Errors are EINVALID *Error values whose Text
// suits a form field.
func ParseQty(s string) (int64, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return 0, Errorf(EINVALID, "val.required")
	}
	digits := strings.TrimPrefix(s, "-")
	var n int64
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, Errorf(EINVALID, "val.qty_digits")
		}
		if n <= MaxQty { // stop growing once too large: no overflow
			n = n*10 + int64(r-'0')
		}
	}
	if digits == "" {
		return 0, Errorf(EINVALID, "val.qty_digits")
	}
	if len(digits) < len(s) { // a minus sign before digits
		return 0, Errorf(EINVALID, "val.qty_positive")
	}
	return n, CheckQty(n)
}

// CheckQty checks a quantity already held as a number: 1..MaxQty.
func CheckQty(n int64) error {
	switch {
	case n <= 0:
		return Errorf(EINVALID, "val.qty_positive")
	case n > MaxQty:
		return Errorf(EINVALID, "val.qty_max", MaxQty)
	}
	return nil
}

// ParseDelta reads a signed stock adjustment: "+50", "-20" or "30"
// (ASCII or full-width), magnitude 1..MaxQty.
func ParseDelta(s string) (int64, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	sign := int64(1)
	switch {
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	n, err := ParseQty(s)
	return sign * n, err
}
