using System.Runtime.ExceptionServices;
using UnityVideo.Core.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Data;

/// <summary>
/// Renders N synthetic clips in parallel and writes them as a dataset folder (one safetensors file per clip +
/// manifest.jsonl). Everything is written into a hidden sibling folder first and renamed into place at the
/// end, so failure or cancellation never leaves a half-written dataset behind.
/// </summary>
public static class SyntheticDatasetBuilder
{
    /// <summary>Builds the dataset; <paramref name="progress"/> receives the number of clips finished so far.</summary>
    /// <exception cref="IOException">The output folder exists and is not empty, and <see cref="SyntheticDatasetRequest.Force"/> is off.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was left on disk.</exception>
    public static SyntheticDatasetResult Build(SyntheticDatasetRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Count);
        request.World.Validate();
        var target = Path.GetFullPath(request.OutputDirectory);
        var parent = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{target}' is a filesystem root; choose a folder inside one.", nameof(request));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !request.Force)
            throw new IOException($"{target}: output folder is not empty (use force to replace it).");
        if (File.Exists(target)) throw new IOException($"{target}: a file, not a folder, is in the way.");

        // ------------------------------------------------------------ render + write into a hidden sibling
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        try
        {
            var writer = new DatasetWriter(staging);
            // Each clip renders on one thread; parallelism is across clips, so the bytes are thread-count-proof.
            var world = new SyntheticWorld(request.World with { MaxDegreeOfParallelism = 1 });
            var done = 0;
            var po = new ParallelOptions { MaxDegreeOfParallelism = request.World.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, request.Count, po, i =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Write(i, SyntheticClipArrays.From(world.Render(i)));
                    progress?.Report(Interlocked.Increment(ref done));
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            var manifest = writer.Complete();
            cancellationToken.ThrowIfCancellationRequested();

            // ------------------------------------------------------------ swap into place
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
            return new SyntheticDatasetResult(target, Path.Combine(target, Path.GetFileName(manifest)), request.Count);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
