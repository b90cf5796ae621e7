"""What words say about a SaaS support ticket: weighted cues for category and priority.

Written from knowledge of how customers of a SaaS product write to support, not fitted
to any data set.  Each block is `weight: phrase | phrase | ...` (syntax in lexicon.py).
English first, then the commonest European languages, folded (no accents).

Category weights: 3 = nearly decisive ("invoice", "webhook", "2fa"), 2 = strong, 1 = a
hint.  A cue may also lend weight to another category with `category=weight` after the
phrases, e.g. "seat" is account but also a little billing.

Priority cues are grouped by what they say about the ticket (a how-to question, a wish, a
routine request, degraded service, a broken function, a blocked person, many people
affected, a severe event, urgency, calm); each group moves the four priority scores in
a fixed direction (PRIORITY_KINDS), scaled by the line's weight.  A frustrated customer
(a refund promised weeks ago, the third ticket about the same thing) is not necessarily
urgent but is not a low-priority ticket either.
"""

CATEGORIES = ("billing", "technical", "account", "general")
PRIORITIES = ("low", "medium", "high", "critical")

CATEGORY_CUES = {
    "billing": """
    3: invoice* | refund* | billing | billed | overcharg* | double charg* | charged twice
    3: charged me twice | charged us twice | charged two times | receipt* | vat | sales tax
    3: prorat* | chargeback* | credit card | debit card | card declined | card was declined
    3: payment fail* | failed payment* | payment method* | purchase order | po number | w 9
    3: w9 | tax exempt* | tax id | wire transfer | bank transfer | direct debit | sepa | paypal
    3: pricing | subscription* | renewal* | auto renew* | money back | credit note | discount*
    3: coupon* | promo code | price | prices | priced | charged | payment | payments
    2.5: charge | charges | fee | fees | paid | pay | paying | tax | taxes | cost | costs
    2.5: annual plan | monthly plan | yearly plan | annual billing | monthly billing | upgrade to
    2.5: upgrade our | upgrade my | downgrade* | cancel _ subscription | cancel _ plan
    2.5: free plan | paid plan | pro plan | business plan | enterprise plan | team plan
    2.5: quote | quotes | quotation | contract* | late fee | line item* | statements
    2: renew* | expensive | cheaper | budget | money | bill | bills | trial | plan | add on
    2: storage overage | overage* | auditor* | accounting | accountant | finance | bookkeep*
    2: upgrade | statement | refused payment | bank | transaction* | currency | usd | eur | gbp
    2: dollars | euros | per month | per year | per user | per seat | checkout | pricing page
    2: nonprofit | non profit | charity | charities | student discount | education discount
    1: license* | licence* | seat* | cancel* | expire* | account=0.5
    3: factura* | cobr* | cargo* | reembols* | pago* | suscripci* | rechnung* | zahlung*
    3: abbuchung* | ruckerstatt* | erstatt* | abonnement* | abo | kundig* | gebuhr* | preis*
    3: facture* | factur* | paiement* | rembours* | prelevement* | tarif* | fatura*
    3: cobranc* | pagament* | assinatura* | fattur* | rimbors* | abbonament* | factuur*
    3: betaling* | terugbetal* | faktura* | betalning* | precio* | preco* | prix
    3: was kostet | wieviel kostet | combien | cuanto cuesta | quanto custa | wat kost | kost
    3: recusad* | rechazad* | abgelehnt | facturado* | facturados | facturés | factures
    """,
    "technical": """
    3: bug | bugs | buggy | error | errors | crash* | outage* | webhook* | api | apis | endpoint*
    3: sdk | http | https | 500 | 502 | 503 | 504 | timeout* | timed out | timing out
    3: not working | doesnt work | does not work | stopped working | isnt working | broken
    3: exception* | stack trace | stacktrace | traceback | latency | graphql | rest api | curl
    3: payload* | json | xml | oauth | sync | syncing | synced | syncs | synchroni*
    3: integration* | rate limit* | 429 | 422 | server error | internal server | bad gateway
    3: white screen | blank screen | blank page | not loading | wont load | doesnt load
    3: cant load | fails to load | failing | fails | glitch* | corrupt* | freez* | froze
    3: error page | status code | something went wrong | went wrong | inaccessible | unreachable
    3: xss | csrf | sql injection | injection | rce | remote code | exploit* | security hole
    3: security issue | security flaw | bug bounty | responsible disclosure | cve | pentest
    3: spam folder* | spam | spf | dkim | dmarc | deliverability | bounce* | audit log*
    2.5: slow* | performance | lag | lagging | laggy | hangs | hanging | stuck | spinner
    2.5: spinning | import | imports | imported | importing | importer | upload* | csv
    2.5: database | deploy* | plugin* | add in | addon* | zapier | slack | salesforce | hubspot
    2.5: jira | github | gitlab | google calendar | google sheets | google drive | quickbooks
    2.5: shopify | zendesk | intercom | pipedrive | ms teams | microsoft teams | dropbox
    2.5: failed | failure* | down | unavailable | incident* | status page | callback*
    2.5: dns | ssl | cors | 404 | 401 | 403 | request id | overwritten | overwrote | breaks
    2.5: keeps dropping | disconnect* | reconnect* | re authenticate | re authorize | embed*
    2: export* | download* | token* | missing | disappear* | duplicat* | data loss | render*
    2: layout | overlap* | widget* | loading | reload* | refresh* | not refreshed
    2: not updating | doesnt update | not showing | not syncing | not sending | not arriving
    2: redirect* | script* | query | queries | record* | cache | cookies | console | network
    2: notification* | ios | android | browser* | chrome | firefox | safari | extension*
    2: server* | header* | response code | connection
    1: app | application | website | site | page | pages | dashboard* | report* | chart*
    1: iphone | ipad | mobile app | display* | button* | print* | attachment* | file | files
    1: search | calendar | automation* | connect* | version | field* | email* | emails | link
    1: links | code | data | update | updated | updates | issue | issues | problem* | wrong
    1: weird | strange | suddenly | anymore | since | drops | dropping | settings | save | saving
    1.5: even though | instead of | should show | supposed to | expected | shows | showing
    2.5: dont match | doesnt match | do not match | does not match | mismatch* | discrepanc*
    2.5: typo | typos | misspel* | no llega* | no recibo | nao recebo | ne recois | erhalte keine
    2.5: kommt nicht an | non ricevo | notificacion* | notificac* | benachrichtigung*
    3: fehler* | funktioniert nicht | geht nicht | ladt nicht | absturz* | sturzt ab | abgesturzt
    3: erreur* | ne fonctionne pas | ne marche pas | plantage | plante | ne charge pas | panne*
    3: ne se charge | fallo* | falla* | no funciona | no carga | caido | se cae | erro | erros
    3: nao funciona | falha* | travando | trava | errore | non funziona | storing | werkt niet
    3: bloccat* | ferma | fermo | bloqueado | bloquee | weisser bildschirm | page blanche
    2: lento | lenta | langsam | lent | lente | aktualisierung | mise a jour | actualizacion
    2: atualizacao | tableau de bord | kalender* | synchronisation | sincroniz*
    """,
    "account": """
    3: log in | login* | log on | sign in | sign on | password* | passcode* | 2fa | mfa | otp
    3: two factor | 2 factor | multi factor | authenticator* | verification code* | one time code
    3: security code | sso | saml | single sign on | okta | azure ad | entra | scim | onelogin
    3: locked out | lock out | account locked | account is locked | account _ locked | unlock*
    3: reset _ password | forgot _ password | credentials | two step | 2 step | backup code*
    3: deactivat* | permission* | role | roles | admin rights | admin access | admin role
    3: ownership | owner | username* | user name | profile | invite* | invitation* | seat | seats
    3: delete _ account | close _ account | delete my account | personal data | gdpr
    3: right to be forgotten | data subject | hacked | compromis* | suspicious | merge _ accounts
    3: two accounts | logged out | log out | logout | sign out | signed out | verification email
    3: change _ email | email address | login email | new email | workspace owner | team member*
    2.5: access | accessing | accessed | user | users | member | members | signup
    1.5: account*
    2.5: sign up | signed up | register* | provision* | onboard _ users | add _ users
    2.5: remove _ user
    2: workspace name | workspace url | my name | phone number | transfer | admin | admins
    2: unauthori* | identity | session* | impersonat* | api key* | technical=1.5
    3: remove me | take me off | add me | my access | invited me | pwd | pw reset | reset link
    2.5: verif* | stuck outside | outside my account | my login | my user
    3: display name | full name | initials | avatar | profile picture | profile photo
    3: authenticat* | identity provider | idp | azure active directory | google workspace
    3: get in | get into | sign into | log into | into my account | 6 digit | six digit
    3: security codes | codes | restrict* | who can see | can see | only see | visibility
    3: access level* | guest* | viewer* | editor role | contractor* | revoke* | former employee
    3: anmeld* | einlogg* | passwort* | kennwort* | konto | zugang* | zugriff* | connexion
    3: connecter | mot de passe | identifiant* | compte | iniciar sesion | inicio de sesion
    3: contrasena* | cuenta | acceso | senha* | conta | acessar | acesso | entrar | accedere
    3: accesso | wachtwoord* | inloggen | codigo de verificacao | codigo de verificacion
    3: verificacao | verificacion | benutzer* | utilisateur* | usuario* | gesperrt | entsperr*
    3: droits | administrat* | mon compte | minha conta | mi cuenta | mein konto | ingelogd
    """,
    "general": """
    3: feature request* | feature idea* | suggestion* | would love | would be great
    3: would be nice | would be awesome | would be helpful | would be really helpful
    3: would be cool | it d be | roadmap | any plans | plans to | feedback | wishlist
    3: partner* | reseller* | affiliate* | demo | demos | webinar* | tutorial* | documentation
    3: screen reader* | accessibility | wcag | dark mode | offline mode | on prem* | onprem*
    3: self host* | data residency | hipaa | soc 2 | soc2 | iso 27001 | baa | baas
    3: security questionnaire | questionnaire | conference | changelog | release notes
    3: customer success | success manager | account manager | case study | testimonial
    3: great product | great job | keep it up | kudos | love the | love your | love it
    3: above and beyond | pass on | appreciat* | grateful | shout out | compliment*
    3: proposal* | propose | would benefit | considering | consider adding | workshop*
    3: training session | session for | case stud* | terms of service | terms and conditions
    3: sla | uptime | support hours | holiday* | business hours | opening hours
    2.5: is there a version | is there an app | do you have an app | is there a mobile
    2.5: marketplace | app store | technology partner | integrate with your | listed
    2.5: panel | keynote | podcast | meetup | event | invite you | invite your | backups
    2.5: how often do you | do you back up | point in time | retention | planned | any chance
    2.5: is a desktop | desktop app | desktop client | linux | game changer
    2.5: docs | guide | guides | training | onboarding | walk _ through | best practice*
    2.5: template* | shortcut* | keyboard | compliance | compliant | dpa | career*
    2.5: hiring | speaker | sponsor* | comparison | press release | journalist
    2: evaluat* | interview | speak
    2.5: compared to | competitor* | alternative to | switching from | switch from | migrat* from
    2.5: is there a way | is it possible | do you offer | do you have | do you support
    2.5: does your | does it support | any way to | wondering | curious | recommend*
    2.5: tips | advice | close this | complaint | waiting for a reply
    1.5: resolved | response time
    2.5: translat* | language | localization | localisation | whats new | wish | suggest
    2: how do i | how can i | how to | how do we | how can we | where can i
    2: meeting | schedule a call | call with | use case | have an idea | an idea for
    3: great work | nice work | good work | really like | nice update | well done | like the new
    3: unsubscribe | newsletter | marketing email* | mailing list | stop sending me
    2.5: is that coming | coming soon | will you support | do you plan to support
    1.5: can i | can we | question | questions | feature | features | functionality | option
    1.5: options
    1: possible
    0.5: thanks | thank you
    3: thanks for | thank you for | just wanted to say | much appreciated | wanted to thank
    2.5: maximum | is there a limit | limit on | max size | what is the max | limits
    2: vorschlag* | sugerencia* | fonctionnalite* | funcionalidad* | funcionalidade* | funktion*
    2: comment puis je | comment faire | wie kann ich | wie funktioniert | gibt es | kann ich
    2: es posible | e possivel | como puedo | como posso | como faco | est ce que | idee
    1: merci | gracias | danke | obrigado | grazie | dank | great | awesome | love
    3: seria otimo | seria genial | seria bueno | seria util | seria bom | sarebbe utile
    3: sarebbe bello | ce serait bien | ce serait super | serait utile | ware toll | ware schon
    3: ware gut | ware super | zou fijn zijn | zou handig zijn | would be handy | really handy
    2.5: supported browsers | browsers do you | browser support | officially support
    2.5: which formats | what formats | file formats | file size | help center | help article
    2.5: getting started | confusing | took me a while | hard to find | outdated | old page
    2: handy | useful | consider | idea
    """,
}

PRIORITY_KINDS = {
    # low, medium, high, critical
    "question": (1.6, 0.0, -0.8, -1.2),
    "wish": (2.0, -0.4, -1.2, -1.6),
    "request": (0.0, 1.2, -0.2, -1.0),
    "degraded": (-0.6, 1.3, 0.1, -0.6),
    "problem": (-0.9, 0.6, 0.6, -0.2),
    "blocked": (-1.5, -0.4, 1.6, 0.2),
    "wide": (-1.5, -0.8, 0.2, 1.7),
    "severe": (-1.5, -0.9, 0.5, 1.8),
    "urgent": (-1.0, -0.4, 0.9, 0.5),
    "frustrated": (-1.2, 0.0, 1.0, 0.0),
    "calm": (1.0, 0.4, -0.8, -1.1),
    "money": (-1.2, -0.2, 1.6, -0.6),
    "deadline": (-0.8, -0.4, 1.0, 0.2),
    "workaround": (-0.2, 1.5, -0.7, -1.0),
}

PRIORITY_CUES = {
    "question": """
    1.5: how do i | how can i | how to | how do we | how can we | how does | is there a way
    1.5: is it possible | is there any | is there an | do you offer | do you have | do you support
    1.5: does your | does it support | any way to | where can i | where do i | where is
    1.5: wondering | curious | question | questions | can i | can we | what is your | what happens
    1: will we | will i | will it | would we | do we | do i | are there | are they | is it
    1.5: whether | included in | is included | available on | available in | which plan
    1.5: is there a
    1.5: wat kost | was kostet | combien | cuanto | quanto | hoe kan ik | kan ik | is het mogelijk
    1.5: what availability | what is the process | what documentation | do you need
    1.5: how much | how many | how often | how long | what are | who can | who do | any chance
    1.5: planned | do you plan | is it planned | are you planning | on the roadmap
    1: want to know | like to know | can you tell | could you tell | clarify | clarification
    1: which | tips | advice | recommend* | guide | docs | documentation
    1: tutorial* | best practice* | possible | demo | pricing | quote | explain
    1.5: comment puis je | comment faire | wie kann ich | wie funktioniert | gibt es | kann ich
    1.5: es posible | e possivel | como puedo | como posso | como faco | est ce que | existe
    1.5: cant find | cant seem to find | cant locate | dont see where | where do i find
    1.5: ne trouve pas | finde nicht | finde ich nicht | no encuentro | nao encontro
    1.5: non trovo | kan niet vinden | what browsers | which browsers | do you send
    1.5: which formats | what formats | which version | which one
    """,
    "wish": """
    2: feature request* | feature idea* | suggestion* | would love | would be great | roadmap
    2: would be nice | would be awesome | would be helpful | would be really helpful | wishlist
    2: would be cool | it d be | any plans | plans to | feedback | love the | love your
    2: great product | great job | keep it up | kudos | thanks for | thank you for | partner*
    2: reseller* | conference | speaker | press | typo | typos | cosmetic | fyi | just fyi
    2: not a big deal | nitpick | small thing | minor | looks bad | misaligned | alignment
    2: close this | resolved | all good | no longer needed | never mind | nevermind
    1: wish | suggest | love | awesome | great | nice | color | colour | font | have an idea
    2: great work | nice work | good work | really like | nice update | well done | like the new
    2: is that coming | coming soon | will you support | do you plan to support
    1.5: unsubscribe | newsletter | marketing email* | stop sending me
    1: spelling | wording | icon | icons | dark mode | case study | webinar* | training
    2: vorschlag* | sugerencia*
    0.5: merci | gracias | danke | obrigado | grazie
    2: purely visual | only visual | just visual | visual issue | visual bug | hard to read
    2: thought youd want to know | thought you should know | heads up | just letting you know
    2: kleinigkeit | petit detail | pequeno detalle | pequeno detalhe | piccolo dettaglio
    2: seria otimo | seria genial | seria bueno | seria util | seria bom | sarebbe utile
    2: sarebbe bello | ce serait bien | ce serait super | serait utile | ware toll | ware schon
    2: zou fijn zijn | zou handig zijn | would be handy | really handy | would be useful
    """,
    "request": """
    1.5: please change | please update | please add | please remove | please cancel
    1.5: please send | please reissue | please transfer | please deactivate | please delete
    1.5: can you change | can you update | can you add | can you remove | can you send
    1.5: can you reissue | can you merge | could you | would like to | want to | need to change
    1.5: request* | cancel* | transfer | invoice* | receipt* | vat | tax | seat* | invite*
    1.5: role | roles | permission* | ownership | gdpr | personal data | deactivat* | refund*
    1: merge | remove | add | delete | switch | upgrade | downgrade | change | update
    1: confirm | copy | resend | reissue | po number | purchase order | email address
    1.5: kundig* | bitte | svp | por favor | favor | hinzufugen | fugen sie | pourriez vous
    1.5: pouvez vous | merci de | podrian | pueden | podem | per favore
    """,
    "degraded": """
    2: slow* | sometimes | intermittent* | occasionally | some users
    2: annoying | inconsisten* | delay* | delayed | partial* | partly | a few
    2: not all | some of | laggy | lag | random* | from time to time | now and then | flaky
    1.5: manageable | keeps | every other day | every few days
    1.5: re authenticate | late | hours late | not a showstopper
    1.5: duplicat* | stuck | missing | wrong | incorrect | sync | takes | seconds | minutes
    1.5: fine | only on | only in | only for | other pages | but not | are ok
    1.5: is ok | are okay | is okay | smaller | most of | mostly
    1.5: lento | langsam | lent | parfois | manchmal | a veces
    """,
    "problem": """
    2: error | errors | bug | bugs | not working | doesnt work | does not work | broken
    2: fails | failed | failing | failure* | crash* | isnt working | stopped working | problem
    2: issue | issues | wrong | missing | disappear* | doesnt load | not loading | cant
    1.5: breaks | drops | dropping | every time | overwritten | went wrong | not updating
    1.5: didnt expect | unexpected | not expected | surprised | without notice | no data
    1.5: spam | freezes | freezing | pending | still shows
    1: 500 | 404 | 403 | 502 | exception* | timeout* | glitch* | stuck | times out | timing out
    2: fehler* | funktioniert nicht | erreur* | no funciona | erro | nao funciona | errore
    1.5: stopped receiving | stopped | not firing | isnt firing | doesnt fire | dont fire
    1.5: no longer | shows nothing | nothing arrives | receiving nothing | still processing
    1.5: still pending | still running | still loading
    -2: cant find | cant seem to find | cant locate
    """,
    "blocked": """
    2.5: cant log in | cant login | cant sign in | cant _ log in | cant _ login | cant _ sign in
    2.5: cant access | cant get in | cant _ access | cant _ get in | locked out | account locked
    2.5: blocked | blocking | cant use | cant work | unusable | at all | completely | lose access
    2.5: suspended | suspend* | deactivated | cut off | cant pay | crashes | crash | crashing
    2.5: never arrives | never comes | never arrived | doesnt arrive | not receiving
    2: lost | recover* | restore* | theft | fraud | stolen | without permission | without consent
    2: nothing works | nothing loads | not at all | no results | crash*
    2: cant do anything | cant do my job | cant continue | cant proceed | until i | until we
    2: stuck outside | outside my account | cant get past | stuck at | stuck on
    2.5: nobody can | no one can | noone can | none of us can | lock* _ out | locks us out
    2: ne fonctionne plus | funktioniert nicht mehr | ya no funciona | nao funciona mais
    2: non funziona piu | werkt niet meer | broke | broke our | breaks our | rejected
    2: being rejected | are rejected | get rejected | limit reached | reached the limit
    2: suspens* | suspendu* | gesperrt | bloquead* | bloque | sospes* | recusad* | rechazad*
    1.5: relies on | rely on
    1.5: depends on | depend on | nicht mehr | ne plus | ya no | nao mais
    2.5: nicht mehr anmelden | kann mich nicht | no puedo | nao consigo | ne peux pas
    2.5: impossible | impossible de | imposible | unmoglich | non riesco | non posso
    2.5: on hold | is stopped | are stopped | has stopped | have stopped | until its fixed
    2.5: until this is fixed | until it is fixed | until this works | until it works
    2.5: until fixed | no other way | no workaround | theres no way | there is no way
    2.5: whole point | cant send | cant create | cant save | cant submit | cant open
    2.5: cant do | cant finish | cant complete | cant process | cant publish | cant close
    2.5: cant invoice | cant bill | cant onboard | cant see any | cant get past
    2: cant see | none of my | none of our | nothing happens | never shows up | never show up
    2: never came | never received | never reaches | never reach | never get | no longer have
    2: dont have access | no access | no longer has access
    2.5: nunca llega | no llega | nunca chega | nao chega | kommt nie an | narrive jamais
    2.5: n arrive pas | jamais recu | nie erhalten | nunca recibi | komme nicht rein
    2.5: gets cut | get cut | be cut | cut us off | read only | frozen
    """,
    "wide": """
    2.5: everyone | everybody | all users | all our users | all of our users | all customers
    2.5: all our customers | all of our customers | all our clients | all of our clients
    2.5: entire team | entire company | entire org* | whole team | whole company | whole org*
    2.5: company wide | org wide | nobody | no one | noone | none of our | all of us | our customers
    2.5: production | prod | live site | in production | our clients | customers cant | team of
    2: colleagues | coworkers | co workers | others too | same for | same here | same issue
    2: same problem | whole team | my team | our team | every user | for everyone
    2: have the same | has the same | same error | same thing
    2: our company | in our company | all our outgoing | every customer | all accounts
    2.5: tous nos | toutes nos | tous les | alle unsere | todos nuestros | tutti i | tutti gli
    -3: everyone else | others can | colleagues can | only me | just me | only my account
    -3: only for me | only i | other users are fine | others are fine | works for others
    2.5: all employees | all staff | whole office | entire office | our office | all accounts
    1.5: customers | clients | business
    1: revenue | checkout | orders | sales
    1: users
    2.5: toute l equipe | tout le monde | ganze team | alle nutzer | alle benutzer | todos los
    2.5: todo el equipo | toda a equipe | todos os | nous ne pouvons plus | niemand
    2.5: all of our | all our | all locations | all stores | all sites | every visitor
    2.5: our staff | customers are waiting | customers who cant | ningun cliente | none of us
    2.5: all employees | all our employees | entire organi* | whole organi* | dozens
    """,
    "severe": """
    3: outage* | down for everyone | data loss | lost data | lost all | security breach | breach*
    3: hacked | compromised | leak* | exposed | malicious | vulnerab* | phishing | ransomware
    3: xss | csrf | sql injection | remote code | exploit* | security hole | security flaw
    3: responsible disclosure | other users data | other customers data | another company
    3: is down | are down | went down | completely down | site down | app down | service down
    3: sev1 | sev 1 | p1 | emergency | losing money | losing revenue | business stopped
    3: wiped | all data | everything is gone | deleted everything | data breach
    2: gone
    3: unauthori* | indexed by google | publicly | public github | unknown ips | nothing loads
    2: someone accessed | someone else | suspicious login* | suspicious activity | not me
    2: down | 502 | 503 | unavailable | deleted | disappeared | incident
    -2: is deleted | be deleted | get deleted | gets deleted | are deleted
    2: inaccessible | unreachable | error page | eta | work stoppage | complete stop* | escalate
    3: panne | ausfall | caido | fuera de servicio | fora do ar | ne pouvons plus travailler
    3: nicht mehr arbeiten | no podemos trabajar | nao conseguimos trabalhar
    3: another clients | someone elses | other peoples data | hijack* | taken over
    2.5: confidential* | disaster | privacy | without my knowledge | not us | wasnt me
    2.5: didnt do it | did not do it | i didnt do | unknown device | unknown location
    """,
    "urgent": """
    2: !urgent* | !asap | !as soon as possible | !immediately | !right away | !right now
    2: !critical | !emergency | !time sensitive | !top priority | !high priority
    1.5: !quickly | !soon | !hurry | !rush
    1: !serious | !seriously | !big deal | !important | !please help
    2: !dringend | !urgente | !urgence | !urgent | !sofort | !inmediatamente | !snel | !subito
    1.5: !rapidamente | !vite | !schnell | !pronto | !quanto prima | !zo snel mogelijk
    """,
    "frustrated": """
    2: still no | still not | still waiting | still havent | still hasnt | still nothing
    2: ridiculous | unacceptable | promised | fix it | fix this | wtf | third time | 3rd time
    2: several times | multiple times | again and again | no response | no reply | no answer
    2: nobody answered | nobody replied | disappointed | frustrat* | annoyed | angry | terrible
    2: worst | furious | fed up | sick of | waste of | cancel if | go to my bank | chargeback
    2: legal action | lawyer | escalat* | complain* | weeks | for days
    1: again | really | seriously
    """,
    "calm": """
    2: no rush | no hurry | whenever | low priority | when you get a chance | when you have time
    2: not urgent | not a priority | not important | nothing urgent | at your convenience
    2: in the meantime | not blocking | no big deal | not a big deal | just curious | fyi
    1: minor | small | cosmetic | out of curiosity
    """,
    # Money taken that should not have been: a double charge, a charge after cancelling,
    # a plan or seats never ordered, a discount not applied.  High, and unlike a blocked
    # person it does not become critical because "customers" or "business" is mentioned.
    "money": """
    2.5: charged twice | double charg* | overcharg* | charged me twice | charged us twice
    2.5: billed twice | billed us twice | billed two times | double billed | billed double
    2.5: paid twice | paying twice | paid for both | paying for both | charged for both
    2.5: billed for both | two subscriptions | second subscription | both subscriptions
    2.5: duplicate charge* | duplicate payment* | two charges | charged two times | 2 x | 2x
    2.5: wrong amount | incorrect charge* | unauthori* charge* | overbilled | not approved
    2.5: never approved | didnt approve | never authori* | didnt authori* | without authori*
    2: !charged me | !charged us | still charged | !were charged | !was charged | !got charged
    2: billed us for | bills us for | !billed for | !charged for | !charged again | !billed again
    2: still being charged | still billed | still being billed | keep charging | kept charging
    2: after cancel* | after we cancel* | after i cancel* | cancelled but | canceled but
    2: despite cancel* | after downgrad* | full price | not applied | wasnt applied
    2: didnt apply | not reflected | dont recogni* | do not recogni* | never enabled
    2: never ordered | never signed up | never agreed | didnt order | didnt sign up
    2: credit them back | credit it back | refund the difference | credit the difference
    2: reverse the charge | reverse it | reverse one | refund immediately | money back
    2: but we are on | but we only | we only have | we only use | only use one
    2: rembourser la difference | reembolsar la diferencia | differenzbetrag
    2: alors que nous | obwohl wir nur | aunque solo | embora tenhamos
    2.5: cobrado dos veces | cobraron dos veces | cobrou duas vezes | cobrados duas vezes
    2.5: doppelt abgebucht | doppelt berechnet | zweimal abgebucht | zweimal berechnet
    2.5: deux fois | debites deux fois | preleves deux fois | addebitato due volte
    2.5: twee keer afgeschreven | dubbel afgeschreven | nach der kundigung | apres resiliation
    2: despues de cancelar | depois de cancelar | trotz kundigung
    """,
    # Time pressure.  It counts only with problem evidence: "our founder leaves on Friday,
    # please transfer ownership" is a routine request, "the export fails and the auditor
    # needs it on Monday" is a deadline at risk.
    "deadline": """
    2: !deadline | !is due | !are due | !due today | !due tomorrow | !due on | !due by
    2: !due at | !due in | !due this | !due next
    1.5: !today | !tonight | !this morning | !this afternoon | !within the hour | !in an hour
    1.5: !in one hour | !in 1 hour | !in two hours | !in 2 hours | !by friday | !by monday
    1.5: !by tuesday | !by wednesday | !by thursday | !by tomorrow | !tomorrow | !end of day
    1.5: !by eod | !eod | !on monday | !on tuesday | !on wednesday | !on thursday | !on friday
    1.5: board meeting | client meeting | presentation | audit | month end | end of the month
    1.5: close the month | closing the books | year end | payroll | payday | launch
    1.5: go live | going live | client delivery | delivery date | before the weekend
    1.5: !heute | !morgen | !bis freitag | !hoy | !manana | !aujourdhui | !demain | !hoje
    1.5: !amanha | !oggi | !domani | !vandaag | !monatsabschluss | !cierre de mes
    1.5: !fin de mois | !fechamento
    1: !this week | !asap | !urgent* | meeting | client | clients | customer
    """,
    # A way round the problem: medium rather than high, even when the words are strong
    # ("the iPad app crashes in landscape; portrait works, so I keep it in portrait").
    "workaround": """
    2.5: !workaround | !work around | for now | for the time being | in the meantime
    2.5: meanwhile | by hand | manually | can live with | as a workaround | can still
    2.5: still able | still works | still work | works fine | web works | web version works
    2.5: desktop works | works on | works in | works with | portrait works | retrying works
    2.5: clicking again | try again works | trying again | usually works | re upload | reupload
    2: dedupe | on our side for now | copy the text | eventually | does load | loads eventually
    2: instead | other browsers | another browser | different browser | still find | still see
    2: work fine | working fine | just slower | its just slow | tedious
    -2.5: test it manually | tested it manually | tested manually | test manually
    2: mientras tanto | por ahora | en attendant | pour l instant | vorerst | momentan
    2: por enquanto | per ora | voorlopig | provisoire | provisorisch
    2: manualmente | a mano | a la main | von hand | handmatig
    """,
}
