namespace UnityVideo.Bench;

/// <summary>One named benchmark. Implementations are discovered by reflection; add a class, nothing else.</summary>
internal interface IBenchmark
{
    /// <summary>Name used on the command line, e.g. "synth".</summary>
    string Name { get; }

    /// <summary>One line for the listing.</summary>
    string Description { get; }

    /// <summary>Runs and returns the figures (serialised as JSON).</summary>
    object Run(IReadOnlyList<string> args);
}
