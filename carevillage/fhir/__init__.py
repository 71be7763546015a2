"""The FHIR R4 API: the door between CareVillage and the EHRs.

This app owns only the boundary: API clients and their tokens (SMART Backend Services),
the mapping between domain objects and FHIR resources (one module per resource kind in
`mapping/`), search parameters, paging and OperationOutcome errors. Every read and write
goes through the domain apps' selectors and services and `carevillage.access`, with the
API client as the actor.
"""
