import AnzhiCore
import AnzhiStore
import ArgumentParser

extension QueueCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: L("help.queue.list.abstract"),
            discussion: HelpText.discussion("help.queue.list.discussion"))
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let regions = try store.reference().regions
                let people = try db.queuedPeople()
                for p in people {
                    let code = p.value("hukouRegion") ?? ""
                    let proposal = regions.proposeChild(
                        of: RegionCode.significant(code), address: p.value("hukouAddress") ?? "")
                    Console.out(
                        [
                            p.handle, p.value("name") ?? "?", p.maskedKey, code, p.value("hukouAddress") ?? "",
                            L("queue.proposal", "proposal", proposal.map { "\($0.code) \($0.name)" } ?? "—"),
                        ].joined(separator: "\t"))
                }
                if people.isEmpty { Console.err(L("queue.empty")) }
                return 0
            }
        }
    }
}
