import RubricCheck
import RubricSyntax

/// Runs an evaluation: streams every events file through validation and
/// scoring, then finalizes the scores. Memory holds the per-unit state,
/// not the events.
public struct Evaluator {
    public let options: EvalOptions
    /// Each version's scoring plan, lowered once for every reader.
    let plans: [ScoringPlan]
    /// The newest version's date field, read before the version is known.
    let dateName: String

    public init(options: EvalOptions) {
        self.options = options
        plans = ScoringPlan.plans(for: options)
        dateName = options.versions.last.map { $0.rubric.schema.fields[$0.rubric.schema.dateField].name } ?? ""
    }

    /// Evaluates the files in order. Throws only for a file that cannot be
    /// read at all; bad records become rejects.
    public func run(files: [String]) throws -> Evaluation {
        if options.threads > 0, !options.versions.isEmpty {
            return try finish(try ParallelReader(evaluator: self, threads: options.threads).accumulate(files: files))
        }
        return try run(sources: files.map { path in { () throws -> any RecordSource in try EventSources.open(path, options: options) } }, names: files)
    }

    /// Evaluates record sources in order (files, or records built in memory
    /// by `rubric test`); each source is opened when its turn comes.
    public func run(sources: [() throws -> any RecordSource], names: [String]) throws -> Evaluation {
        try finish(try accumulate(sources: sources, names: names))
    }

    /// The state after reading some sources, before scores are final. Parts
    /// of a log read separately merge into the state of the whole.
    public struct Partial {
        public var accumulator: Accumulator
        public var rejects: [Reject]
        public var names: [String]

        /// Adds a part read after this one (rejects and file order follow).
        public mutating func merge(_ later: Partial) {
            accumulator.merge(later.accumulator)
            rejects += later.rejects
            names += later.names
        }
    }

    /// Reads and scores sources into a partial state. `fileOffset` numbers
    /// the files after those of earlier parts.
    public func accumulate(sources: [() throws -> any RecordSource], names: [String], fileOffset: Int = 0) throws -> Partial {
        var scorer = Scorer(options: options, plans: plans)
        var rejects: [Reject] = []
        for (index, open) in sources.enumerated() {
            let fi = index + fileOffset
            let reader = try open()
            let path = reader.name
            func reject(_ r: Reject) {
                var r = r
                r.position = reader.position(line: r.line, field: r.field)
                rejects.append(r)
                scorer.accounting.rejected += 1
            }
            while let item = try reader.next() {
                scorer.accounting.read += 1
                switch item {
                case .broken(let r): reject(r)
                case .record(let raw, let text):
                    let position = Int64(scorer.accounting.read)
                    if let r = process(raw, text: text, file: fi, path: path, typedText: reader.typedText, position: position, scorer: &scorer) { reject(r) }
                }
            }
        }
        return Partial(accumulator: scorer.finish(), rejects: rejects, names: names)
    }

    /// Final scores from the state of the whole log; `ScoreOverflow` when a
    /// score does not fit the range of exact scores.
    public func finish(_ p: Partial) throws(ScoreOverflow) -> Evaluation {
        let asOf = options.asOf ?? p.accumulator.lastDay
        return try Finalizer(options: options, acc: p.accumulator, files: p.names, versionOf: options.versionIndex).run(asOf: asOf, files: p.names, rejects: p.rejects)
    }

    /// Validates and scores one record; returns its rejection, if any.
    /// `position` orders the record among the reader's (for the unit
    /// spellings shown: the first scored).
    func process(_ raw: RawRecord, text: String, file: Int, path: String, typedText: Bool, position: Int64, scorer: inout Scorer) -> Reject? {
        // The date picks the version; read it with the newest schema's date field.
        guard !options.versions.isEmpty else { return nil }
        var vi = options.versions.count - 1
        if let (_, v) = raw.fields.first(where: { $0.name == dateName }), case .text(let s) = v,
           case .success(let day) = DateText.parse(s) {
            guard let found = options.versionIndex(for: day) else {
                let reason = day > options.horizon
                    ? Day.horizonReason(s, options.horizon)
                    : Message("reject.no-version", ["day": "\(s)", "effective": "\(options.versions[0].rubric.meta.effective)"])
                return Reject(file: path, line: raw.line, field: dateName, reason: reason, text: text)
            }
            vi = found
        }
        let v = options.versions[vi]
        switch v.validator.validate(raw, file: file, typedText: typedText) {
        case .failure(let f):
            return Reject(file: path, line: raw.line, field: f.field, reason: f.reason, text: text)
        case .success(let e):
            var eventId: String?
            if case .none = options.trace {} else if let idf = v.rubric.schema.idField, case .string(let s)? = e.slots[idf] { eventId = s }
            let known = scorer.unitIds[e.unit].map(scorer.isUsed) ?? false
            if let failure = scorer.score(record: e, version: vi, eventId: eventId) {
                return Reject(file: path, line: raw.line, field: failure.field, reason: failure.reason, text: text)
            }
            if !known { scorer.firstSeen.append((position, e.unit)) }
            return nil
        }
    }
}
