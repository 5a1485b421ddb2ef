using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CmqRecovery.Core.Operations;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// Listens to the "CmqRecovery" meter of one host only (its IMeterFactory is the meter's scope), so tests running in
/// parallel never see each other's counts. Sums every measurement per instrument and tag set.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), double> _sums = new();
    private readonly ConcurrentBag<(string Key, string? Value)> _tags = [];

    public MetricRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecoveryMetrics.MeterName && instrument.Meter.Scope == scope)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every tag seen, as key=value, for the "no identifier in a tag" checks.</summary>
    public IReadOnlyCollection<(string Key, string? Value)> Tags => _tags;

    /// <summary>The sum for an instrument, over measurements whose tags are exactly <paramref name="tags"/> (e.g. "step=answers").</summary>
    public double Sum(string instrument, string tags = "") => _sums.GetValueOrDefault((instrument, tags));

    /// <summary>How many measurements a histogram received (its count, not its sum).</summary>
    public double Count(string instrument) => _sums.GetValueOrDefault((instrument + "#count", string.Empty));

    /// <summary>The observable gauges' current values.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public double LastObserved(string instrument) => _sums.GetValueOrDefault((instrument + "#last", string.Empty), double.NaN);

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        var tagText = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order());
        foreach (var tag in tags)
        {
            _tags.Add((tag.Key, tag.Value?.ToString()));
        }

        if (instrument is ObservableGauge<T>)
        {
            _sums[(instrument.Name + "#last", tagText)] = number;
            return;
        }

        _sums.AddOrUpdate((instrument.Name, tagText), number, (_, sum) => sum + number);
        _sums.AddOrUpdate((instrument.Name + "#count", string.Empty), 1, (_, count) => count + 1);
    }

    public void Dispose() => _listener.Dispose();
}
