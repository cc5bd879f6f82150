extension WorkflowTransition {
    /// The main next step among `available` (the officer's primary action): the first transition
    /// that moves the dossier on in the queues and needs no reason. Returning, refusing and asking
    /// for a supplement all need one, so they stay secondary.
    public static func mainStep(among available: [WorkflowTransition]) -> WorkflowTransition? {
        available.first { $0.queues && !$0.requiresNote }
    }
}
