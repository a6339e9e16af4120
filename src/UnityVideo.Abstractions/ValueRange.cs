namespace UnityVideo.Abstractions;

/// <summary>An inclusive numeric range of a modality's stored values (e.g. depth in metres: 0 to 1000).</summary>
/// <param name="Min">Smallest meaningful value.</param>
/// <param name="Max">Largest meaningful value.</param>
public readonly record struct ValueRange(double Min, double Max);
