import AnzhiCore
import AnzhiStore
import ArgumentParser

extension QueueCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List queued people with a proposed township matched from the 户籍 address.",
            discussion: "Columns: handle, name, masked ID, 户籍 code, 户籍 address, proposal.\n\n" + ExitStatus.help)
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
