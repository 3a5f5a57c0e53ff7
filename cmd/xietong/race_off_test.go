//go:build !race

package main

const liveSlack = 1
