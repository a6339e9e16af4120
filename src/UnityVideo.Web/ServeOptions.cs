namespace UnityVideo.Web;

/// <summary>Settings of <c>unityvideo serve</c>.</summary>
public sealed record ServeOptions
{
    /// <summary>Model checkpoint the page estimates and generates with.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Folder everything the server writes goes under (uploads and results, one folder per job).</summary>
    public required string WorkFolder { get; init; }

    /// <summary>Address to listen on; loopback unless the user opens it up.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Held-out dataset whose clips the page offers as samples; null offers none.</summary>
    public string? Samples { get; init; }

    /// <summary>Folder searched for evaluation reports (<c>report.json</c> under it, at any depth up to 3); null offers none.</summary>
    public string? Reports { get; init; }

    /// <summary>Largest accepted upload in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 64L << 20;

    /// <summary>Longest accepted video in seconds.</summary>
    public double MaxSeconds { get; init; } = 60;

    /// <summary>Most frames of an accepted video (a cap on memory and time whatever the frame rate).</summary>
    public int MaxFrames { get; init; } = 1800;

    /// <summary>How many finished jobs (with their videos) are kept; older ones are deleted.</summary>
    public int KeepJobs { get; init; } = 20;

    /// <summary>How long, in minutes, a finished job (with its videos) is kept.</summary>
    public double KeepMinutes { get; init; } = 60;
}
