namespace UnityVideo.Host.Ablation;

/// <summary>One arm of a table with its runs (one per seed).</summary>
/// <param name="Arm">The arm's name.</param>
/// <param name="Overrides">The arm's own overrides.</param>
/// <param name="Animals">Whether its training clips include quadrupeds.</param>
/// <param name="Runs">Its measured runs.</param>
public sealed record AblationRow(string Arm, IReadOnlyList<string> Overrides, bool Animals, IReadOnlyList<AblationRun> Runs)
{
    /// <summary>The values of <paramref name="metric"/> over the runs that measured it.</summary>
    public IReadOnlyList<double> Values(string metric) =>
        Runs.Where(r => r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).ToList();
}
