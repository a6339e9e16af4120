namespace UnityVideo.Web;

/// <summary>
/// Which finished jobs <c>serve</c> forgets (and whose folders it deletes): all but the newest
/// <see cref="KeepLast"/> finished ones, and any finished longer than <see cref="KeepFor"/> ago. Queued and running
/// jobs are never expired.
/// </summary>
public sealed record JobRetention(int KeepLast, TimeSpan KeepFor)
{
    /// <summary>The finished jobs among <paramref name="jobs"/> that have expired at <paramref name="now"/>.</summary>
    public IReadOnlyList<Job> Expired(IEnumerable<Job> jobs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var finished = jobs.Where(j => j.FinishedAt is not null).OrderByDescending(j => j.FinishedAt).ToList();
        return [.. finished.Where((j, i) => i >= KeepLast || now - j.FinishedAt!.Value > KeepFor)];
    }
}
