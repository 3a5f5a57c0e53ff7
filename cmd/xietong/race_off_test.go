//go:build !race

package main

const liveSlack = 1

const memSlack = 1
