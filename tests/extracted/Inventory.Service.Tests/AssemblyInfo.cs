// Each class starts a monolith and a service; Hangfire keeps some state per process, so estates start one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
