/** Tables for the runner's tests of keys, columns and timestamps: readings upserted by id, events polled by seq. */
package keyed

record Reading json {
    id : string?
    v  : integer
    ts : timestamp?
}

record Event json {
    seq : integer
    ts  : timestamp
}

system Plant kind erp {
    endpoint readings webhook "/readings" receives Reading
    endpoint latest jdbc env DB table "LATEST" key "ID" sends Reading
    endpoint events jdbc env DB table "EVENTS" key "SEQ" receives Event
}

system Out kind workflow {
    endpoint exported file "out" pattern "events-*.ndjson" sends Event
}

flow StoreReadings {
    from Plant.readings
    to Plant.latest
    dead-letter
}

flow ExportEvents {
    from Plant.events
    to Out.exported
}
