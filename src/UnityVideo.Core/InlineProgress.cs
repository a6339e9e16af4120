namespace UnityVideo.Core;

/// <summary>
/// Reports on the calling thread, in order. <see cref="Progress{T}"/> posts to the thread pool instead, which
/// reorders lines and can run after the work has returned.
/// </summary>
/// <typeparam name="T">The progress value.</typeparam>
/// <param name="report">What to do with each value.</param>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
